using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Integration;

/// <summary>
/// What a new user does first: follow the README's Quick start to the letter, or start from a
/// `dotnet new` template; each builds profile-guided and runs.
/// </summary>
[Collection(SdkCollection2.Name)]
public class FirstContactTests
{
    private readonly SdkFixture _sdk;

    public FirstContactTests(SdkFixture sdk) => _sdk = sdk;

    private static void Succeeded(ProcessResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    /// <summary>
    /// The Quick start's files come from the README itself: each code block marked
    /// `&lt;!-- quickstart: PATH --&gt;` is written to PATH (a block marked `append` is appended).
    /// </summary>
    [Fact]
    public void The_readme_quick_start_works_when_followed_literally()
    {
        var ws = _sdk.NewWorkspace("quick-start");
        var readme = File.ReadAllText(Path.Combine(_sdk.RepoRoot, "README.md"));
        var section = readme.Substring(readme.IndexOf("## Quick start", StringComparison.Ordinal));
        section = section.Substring(0, section.IndexOf("\n## ", 3, StringComparison.Ordinal));

        var steps = Regex.Matches(section, @"<!-- quickstart: (?<path>\S+)(?<append> append)? -->\s*```\w*\n(?<body>.*?)```", RegexOptions.Singleline);
        Assert.True(steps.Count >= 4, "the Quick start lost its marked code blocks");
        // The commands of the first block, in the order written, each in the folder the ones before left.
        var folder = ws;
        var commands = Regex.Match(section, @"```console\n(?<commands>.*?)```", RegexOptions.Singleline).Groups["commands"].Value;
        foreach (Match command in Regex.Matches(commands, @"^\$ (?<command>.*)$", RegexOptions.Multiline))
        {
            var words = command.Groups["command"].Value.Split(' ');
            if (words[0] == "cd")
            {
                folder = Path.Combine(folder, words[1]);
                continue;
            }
            var tool = words[0] == "cargo" ? Path.Combine(SdkFixture.CargoBin, HostPlatform.Executable("cargo")) : words[0];
            Succeeded(ChildProcess.Run(tool, words.Skip(1).Concat(words[0] == "cargo" ? new[] { "--vcs", "none" } : Array.Empty<string>()), folder, _sdk.Environment()));
        }
        var app = Path.Combine(ws, "FastApp");
        Assert.Equal(app, folder);
        foreach (Match step in steps)
        {
            var path = Path.Combine(app, step.Groups["path"].Value);
            if (step.Groups["append"].Success)
                File.AppendAllText(path, step.Groups["body"].Value);
            else
                Projects.Write(path, step.Groups["body"].Value);
        }

        var run = _sdk.Dotnet(app, "run");
        Succeeded(run);
        Assert.Contains("2 + 40 = 42", run.Output);
        var pgo = _sdk.Dotnet(app, "build", "-c", "Release", "-p:RustPgo=true");
        Succeeded(pgo);
        Assert.Contains("RustPgo: fastmath: PGO-optimized", pgo.Output);
    }

    /// <summary>The template package installs, and each template builds profile-guided and runs.</summary>
    [Fact]
    public void Each_template_builds_profile_guided_and_runs()
    {
        var ws = _sdk.NewWorkspace("templates");
        var packages = Path.Combine(ws, "packages");
        Succeeded(_sdk.Dotnet(_sdk.RepoRoot, "pack", Path.Combine(_sdk.RepoRoot, "src", "RustPgo.Templates", "RustPgo.Templates.csproj"), "-c", "Release", "-o", packages));
        var hive = Path.Combine(ws, "template hive");
        var install = _sdk.Dotnet(ws, "new", "install", Path.Combine(packages, $"RustPgo.Templates.{SdkFixture.SdkVersion}.nupkg"), "--debug:custom-hive", hive);
        Succeeded(install);
        Assert.Contains("rustpgo-console", install.Output);
        Assert.Contains("rustpgo-lib", install.Output);

        // Each template builds in the folder it creates, from the feed it was given.
        var projects = Path.Combine(ws, "projects");
        Directory.CreateDirectory(projects);
        Projects.Write(Path.Combine(projects, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        ws = projects;
        Succeeded(_sdk.Dotnet(ws, "new", "rustpgo-console", "-n", "Fast.App", "--feed", _sdk.Feed, "--debug:custom-hive", hive));
        var app = Path.Combine(ws, "Fast.App");
        var build = _sdk.Dotnet(app, "build", "-c", "Release", "-p:RustPgo=true");
        Succeeded(build);
        Assert.Contains("RustPgo: fast_app: PGO-optimized", build.Output);
        var run = _sdk.Dotnet(app, "run", "-c", "Release", "--no-build", "--", "train");
        Succeeded(run);
        Assert.Contains("collatz steps for 1..200000: 22938602", run.Output);

        Succeeded(_sdk.Dotnet(ws, "new", "rustpgo-lib", "-n", "Text.Tools", "--feed", _sdk.Feed, "--debug:custom-hive", hive));
        var library = Path.Combine(ws, "Text.Tools");
        var trained = _sdk.Dotnet(library, "build", "-c", "Release", "-p:RustPgo=true");
        Succeeded(trained);
        Assert.Contains("training 1 of 1: Text.Tools.Tests done", trained.Output);
        Assert.Contains("RustPgo: text_tools: PGO-optimized", trained.Output);
        var tests = _sdk.Dotnet(library, "test", "Text.Tools.Tests");
        Succeeded(tests);
        Assert.Contains("Passed!", tests.Output);
    }
}
