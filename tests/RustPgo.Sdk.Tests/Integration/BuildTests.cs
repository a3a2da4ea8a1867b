using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using RustPgo.Sdk.Tests.Infrastructure;
using RustTasks = RustPgo.Sdk.Tasks;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

[Collection(SdkCollection2.Name)]
public class BuildTests
{
    private readonly SdkFixture _sdk;

    public BuildTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    /// <summary>The library the plain build of the project's one crate last produced, as its build record says.</summary>
    private static string BuiltLibrary(string projectDir) =>
        RustTasks.State.CargoBuildRecord.TryRead(Directory.GetFiles(Path.Combine(projectDir, "obj", "rust"), "build.txt", SearchOption.AllDirectories).Single())!.DynamicLibrary!;

    private static readonly string Sep = Path.DirectorySeparatorChar.ToString();

    /// <summary>
    /// One app through its life: first build and run, a no-op rebuild that starts no cargo, then a changed
    /// source, a changed path-dependency source and changed RustCrate Features each rebuilding.
    /// </summary>
    [Fact]
    public void Build_run_noop_and_incremental_rebuilds()
    {
        var ws = _sdk.NewWorkspace("incremental");
        var helperDir = Path.Combine(ws, "native", "helper");
        Projects.Crate(helperDir, "helper", cdylib: false, libRs: "pub fn bonus() -> i32 { 0 }\n");
        var calcDir = Path.Combine(ws, "native", "calc");
        Projects.Crate(calcDir, "calc", extraToml: """

            [dependencies]
            helper = { path = "../helper" }

            [features]
            plus100 = []
            """,
            libRs: LibRs(0));
        var appDir = Path.Combine(ws, "app");
        var project = Projects.App(appDir, "app", "../native/calc/Cargo.toml");
        var output = Path.Combine(appDir, "bin", "Debug", "net10.0");
        var library = Path.Combine(output, HostPlatform.Cdylib("calc"));

        Succeeded(_sdk.Dotnet(appDir, "build", project));
        Assert.Equal("add(2,40)=42", Run(appDir, project));
        Assert.True(File.Exists(library));
        Assert.Contains(Sep + "debug" + Sep, BuiltLibrary(appDir));
        Assert.DoesNotContain(Sep + "release" + Sep, BuiltLibrary(appDir));

        // No-op: cargo, asked once, finds the crate fresh; nothing is compiled, no library rewritten.
        var builtLib = BuiltLibrary(appDir);
        var before = (File.GetLastWriteTimeUtc(library), File.GetLastWriteTimeUtc(builtLib));
        var noop = _sdk.Dotnet(appDir, "build", project, "-v:diag");
        Succeeded(noop);
        Assert.Equal(1, Logs.UpToDateLines(noop.Output, "calc"));
        Assert.Equal(0, Logs.CompilingLines(noop.Output, "calc"));
        Assert.Equal(0, Logs.CargoBuildLines(noop.Output, "calc"));
        Assert.Equal(before, (File.GetLastWriteTimeUtc(library), File.GetLastWriteTimeUtc(builtLib)));

        // A changed source of the crate.
        Projects.Write(Path.Combine(calcDir, "src", "lib.rs"), LibRs(1));
        // (At -v:diag like the no-op build, so that what the no-op build lacks is shown to be there when cargo runs.)
        var changed = _sdk.Dotnet(appDir, "build", project, "-v:diag");
        Succeeded(changed);
        Assert.Equal(1, Logs.CargoBuildLines(changed.Output, "calc"));
        Assert.Equal(1, Logs.CompilingLines(changed.Output, "calc"));
        Assert.Equal(0, Logs.UpToDateLines(changed.Output, "calc"));
        Assert.Equal("add(2,40)=43", Run(appDir, project));

        // A changed source of a path dependency.
        Projects.Write(Path.Combine(helperDir, "src", "lib.rs"), "pub fn bonus() -> i32 { 10 }\n");
        var depChanged = _sdk.Dotnet(appDir, "build", project);
        Succeeded(depChanged);
        Assert.Equal(1, Logs.CargoBuildLines(depChanged.Output, "calc"));
        Assert.Equal("add(2,40)=53", Run(appDir, project));

        // Changed RustCrate metadata.
        File.WriteAllText(project, File.ReadAllText(project).Replace("<RustCrate Include=\"../native/calc/Cargo.toml\"", "<RustCrate Include=\"../native/calc/Cargo.toml\" Features=\"plus100\""));
        var featured = _sdk.Dotnet(appDir, "build", project);
        Succeeded(featured);
        Assert.Equal(1, Logs.CargoBuildLines(featured.Output, "calc"));
        Assert.Equal("add(2,40)=153", Run(appDir, project));
    }

    private static string LibRs(int bias) => $$"""
        #[no_mangle]
        pub extern "C" fn add(a: i32, b: i32) -> i32 {
            let extra = if cfg!(feature = "plus100") { 100 } else { 0 };
            a + b + {{bias}} + helper::bonus() + extra
        }
        """;

    private string Run(string workingDirectory, string project, params string[] extra)
    {
        var run = _sdk.Dotnet(workingDirectory, new[] { "run", "--no-build", "--project", project }.Concat(extra).ToArray());
        Succeeded(run);
        return run.Output.Trim();
    }

    [Fact]
    public void Release_builds_the_release_profile_and_publish_ships_the_library()
    {
        var ws = _sdk.NewWorkspace("publish");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var publishDir = Path.Combine(ws, "published");

        var publish = _sdk.Dotnet(ws, "publish", project, "-c", "Release", "-o", publishDir);
        Succeeded(publish);
        Assert.Contains(Sep + "release" + Sep, BuiltLibrary(ws));
        Assert.DoesNotContain(Sep + "debug" + Sep, BuiltLibrary(ws));
        Assert.Contains("calc (release) -> ", publish.Output);
        Assert.True(File.Exists(Path.Combine(publishDir, HostPlatform.Cdylib("calc"))), string.Join("\n", Directory.GetFiles(publishDir)));

        var run = ChildProcess.Run("dotnet", new[] { Path.Combine(publishDir, "app.dll") }, publishDir);
        Succeeded(run);
        Assert.Equal("add(2,40)=42", run.Output.Trim());
    }

    [Fact]
    public void Clean_removes_the_rust_state_and_the_copied_library()
    {
        var ws = _sdk.NewWorkspace("clean");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        Succeeded(_sdk.Dotnet(ws, "build", project));
        var library = Path.Combine(ws, "bin", "Debug", "net10.0", HostPlatform.Cdylib("calc"));
        Assert.True(File.Exists(library));
        Assert.True(Directory.Exists(Path.Combine(ws, "obj", "rust")));

        Succeeded(_sdk.Dotnet(ws, "clean", project));
        Assert.False(File.Exists(library), "clean left " + library);
        Assert.False(Directory.Exists(Path.Combine(ws, "obj", "rust", "Debug")), "clean left obj/rust/Debug");
        Assert.False(Directory.Exists(Path.Combine(ws, "obj", "rust")) && Directory.EnumerateFileSystemEntries(Path.Combine(ws, "obj", "rust")).Any(),
            "clean left files under obj/rust");
    }

    private string WriteWrapperLibrary(string dir)
    {
        Projects.Crate(Path.Combine(dir, "native", "calc"));
        Projects.Write(Path.Combine(dir, "Calc.cs"), """
            using System.Runtime.InteropServices;

            namespace CalcLib;

            public static class Calc
            {
                [DllImport("calc")]
                private static extern int add(int a, int b);

                public static int Add(int a, int b) => add(a, b);
            }
            """);
        return Projects.Write(Path.Combine(dir, "CalcLib.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="RustPgo.Sdk" Version="{SdkFixture.SdkVersion}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PackageId>CalcLib</PackageId>
                <Version>1.2.3</Version>
                <IsPackable>true</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <RustCrate Include="native/calc/Cargo.toml" />
              </ItemGroup>
            </Project>
            """);
    }

    [Fact]
    public void Pack_puts_the_library_under_runtimes_rid_native()
    {
        var ws = _sdk.NewWorkspace("pack");
        var project = WriteWrapperLibrary(Path.Combine(ws, "CalcLib"));
        var packages = Path.Combine(ws, "packages");
        Succeeded(_sdk.Dotnet(ws, "pack", project, "-o", packages));

        using var zip = ZipFile.OpenRead(Path.Combine(packages, "CalcLib.1.2.3.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var native = $"runtimes/{HostPlatform.Rid}/native/{HostPlatform.Cdylib("calc")}";
        Assert.Contains(native, entries);
        Assert.Contains("lib/net10.0/CalcLib.dll", entries);
        Assert.True(zip.GetEntry(native)!.Length > 0);
        Assert.DoesNotContain(entries, e => e.EndsWith(HostPlatform.Cdylib("calc"), StringComparison.Ordinal) && !e.StartsWith("runtimes/", StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_referencing_a_wrapper_library_gets_the_library_and_runs()
    {
        var ws = _sdk.NewWorkspace("reference");
        WriteWrapperLibrary(Path.Combine(ws, "CalcLib"));
        var appDir = Path.Combine(ws, "App");
        Projects.Write(Path.Combine(appDir, "Program.cs"), """
            System.Console.WriteLine($"add(2,40)={CalcLib.Calc.Add(2, 40)}");
            """);
        var project = Projects.Write(Path.Combine(appDir, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../CalcLib/CalcLib.csproj" />
              </ItemGroup>
            </Project>
            """);
        Succeeded(_sdk.Dotnet(appDir, "build", project));
        Assert.True(File.Exists(Path.Combine(appDir, "bin", "Debug", "net10.0", HostPlatform.Cdylib("calc"))));
        Assert.Equal("add(2,40)=42", Run(appDir, project));
    }

    [Fact]
    public void Multi_targeted_project_builds_the_crate_once()
    {
        var ws = _sdk.NewWorkspace("multi");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml",
            targetFrameworks: "<TargetFrameworks>net10.0;net9.0</TargetFrameworks>");
        var build = _sdk.Dotnet(ws, "build", project, "-v:diag");
        Succeeded(build);
        Assert.Equal(1, Logs.CargoBuildLines(build.Output, "calc"));
        Assert.Equal(1, Logs.CompilingLines(build.Output, "calc"));
        Assert.True(File.Exists(Path.Combine(ws, "bin", "Debug", "net10.0", HostPlatform.Cdylib("calc"))));
        Assert.True(File.Exists(Path.Combine(ws, "bin", "Debug", "net9.0", HostPlatform.Cdylib("calc"))));
        Assert.Equal("add(2,40)=42", Run(ws, project, "-f", "net10.0"));
    }

    [Fact]
    public void Runtime_identifier_builds_for_its_triple_and_the_app_runs()
    {
        var ws = _sdk.NewWorkspace("rid");
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var project = Projects.App(ws, "app", "native/calc/Cargo.toml");
        var build = _sdk.Dotnet(ws, "build", project, "-r", HostPlatform.Rid);
        Succeeded(build);
        Assert.Contains(string.Join(Sep, "target", HostPlatform.Triple, "debug", HostPlatform.Cdylib("calc")), BuiltLibrary(ws));
        Assert.Contains($"calc (dev, {HostPlatform.Triple}) -> ", build.Output);
        var output = Path.Combine(ws, "bin", "Debug", "net10.0", HostPlatform.Rid);
        Assert.True(File.Exists(Path.Combine(output, HostPlatform.Cdylib("calc"))));
        var run = ChildProcess.Run(Path.Combine(output, HostPlatform.Executable("app")), System.Array.Empty<string>(), output);
        Succeeded(run);
        Assert.Equal("add(2,40)=42", run.Output.Trim());
    }

    private (string Workspace, string One, string Two, ProcessResult Build) BuildSolutionOfTwo(string name)
    {
        var ws = _sdk.NewWorkspace(name);
        Projects.Crate(Path.Combine(ws, "native", "calc"));
        var one = Projects.App(Path.Combine(ws, "One"), "One", "../native/calc/Cargo.toml");
        var two = Projects.App(Path.Combine(ws, "Two"), "Two", "../native/calc/Cargo.toml");
        Succeeded(_sdk.Dotnet(ws, "new", "sln", "-n", "Both", "--format", "sln"));
        Succeeded(_sdk.Dotnet(ws, "sln", "Both.sln", "add", one, two));
        return (ws, one, two, _sdk.Dotnet(ws, "build", "Both.sln", "-m"));
    }

    [Fact]
    public void Two_projects_of_one_solution_naming_the_same_crate_build_in_parallel()
    {
        var (ws, one, two, build) = BuildSolutionOfTwo("solution");
        Succeeded(build);
        Assert.Equal(2, Logs.CargoBuildLines(build.Output, "calc"));
        Assert.Equal("add(2,40)=42", Run(ws, one));
        Assert.Equal("add(2,40)=42", Run(ws, two));
    }

    /// <summary>
    /// CargoBuild logs "calc (dev) -> lib [0.4s]" with a {4:0.0} format item; an out-of-process node (-m)
    /// sends the arguments as strings, so the format is lost there ("[0.5771545s]").
    /// </summary>
    [Fact]
    public void Build_time_is_logged_with_one_decimal_on_every_node()
    {
        var (_, _, _, build) = BuildSolutionOfTwo("timing");
        Succeeded(build);
        var timings = System.Text.RegularExpressions.Regex.Matches(build.Output, System.Text.RegularExpressions.Regex.Escape(HostPlatform.Cdylib("calc")) + @" \[([^\]]*)\]").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, timings.Count);
        Assert.All(timings, t => Assert.Matches(@"^\d+\.\ds$", t));
    }
}
