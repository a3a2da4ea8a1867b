# The Windows twin of test.sh: runs every test project under tests/ and ends with one line:
# "N passed, N failed, N skipped". Exit code 0 only when nothing failed.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$env:MSBUILDDISABLENODEREUSE = '1'
$env:DOTNET_CLI_USE_MSBUILD_SERVER = '0'
$env:MSBUILDTERMINALLOGGER = 'off'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

# rustup's cargo first, as on Linux: another cargo on PATH is used only by the tests that name it.
$cargoBin = Join-Path $env:USERPROFILE '.cargo\bin'
if (Test-Path $cargoBin) { $env:PATH = "$cargoBin;$env:PATH" }
foreach ($tool in 'dotnet', 'cargo', 'rustc') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) {
        Write-Error "test.ps1: missing prerequisite: $tool"
    }
}
Write-Host "dotnet $(dotnet --version), $(cargo --version), $(rustc --version)"

$results = Join-Path $PSScriptRoot 'artifacts\test-results'
if (Test-Path $results) { Remove-Item -Recurse -Force $results }
$projects = Get-ChildItem tests\*\*.csproj | Where-Object { (Get-Content $_ -Raw) -match 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>true' }
if (-not $projects) { Write-Host 'test.ps1: no test projects under tests/'; Write-Host '0 passed, 1 failed'; exit 1 }

$status = 0
$started = Get-Date
foreach ($project in $projects) {
    $name = $project.BaseName
    Write-Host "=== $name"
    dotnet test $project.FullName --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory $results --blame-hang-timeout 10m
    if ($LASTEXITCODE -ne 0) { $status = 1 }
}
Write-Host "test.ps1: $([int]((Get-Date) - $started).TotalSeconds)s for $($projects.Count) test project(s)"

$passed = 0; $failed = 0; $skipped = 0
foreach ($project in $projects) {
    $trx = Join-Path $results "$($project.BaseName).trx"
    if (-not (Test-Path $trx)) { Write-Host "test.ps1: no results from $($project.BaseName)"; $failed++; continue }
    foreach ($result in ([xml](Get-Content $trx -Raw)).TestRun.Results.UnitTestResult) {
        switch ($result.outcome) {
            'Passed' { $passed++ }
            'NotExecuted' { $skipped++ }
            default { $failed++ }
        }
    }
}
$line = "$passed passed, $failed failed"
if ($skipped) { $line += ", $skipped skipped" }
Write-Host $line
if ($failed -gt 0) { exit 1 }
exit $status
