using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Train;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Train;

public sealed class PlanPgoTrainingsTests() : ScratchFolderTests("plan")
{
    private readonly RecordingEngine _engine = new();

    private string Project => Path.Combine(Folder, "app", "app.csproj");
    private string PlanFile => Path.Combine(Folder, "obj", "trainings.txt");

    private PlanPgoTrainings Task(string outputType, params ITaskItem[] trainings)
    {
        Projects.Write(Project, "<Project />");
        return new PlanPgoTrainings
        {
            BuildEngine = _engine,
            Trainings = trainings,
            Crates = new ITaskItem[] { new TaskItem(Projects.Crate(Path.Combine(Folder, "native", "calc"))) },
            ProjectFullPath = Project,
            OutputType = outputType,
            SelfTrainingArguments = "train --size large",
            AppsDirectory = Path.Combine(Folder, "obj", "apps"),
            PlanFile = PlanFile,
        };
    }

    private static TaskItem Training(string include, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(include);
        foreach (var (name, value) in metadata)
            item.SetMetadata(name, value);
        return item;
    }

    [Fact]
    public void An_exe_without_trainings_trains_on_itself_with_its_arguments()
    {
        var task = Task("Exe");
        Assert.True(task.Execute(), _engine.Text);
        var workload = Assert.Single(TrainingPlan.Read(PlanFile));
        Assert.Equal(WorkloadKind.Project, workload.Kind);
        Assert.Equal(Project, workload.What);
        Assert.Equal("train --size large", workload.Arguments);
        var project = Assert.Single(task.Projects);
        Assert.Equal("true", project.GetMetadata("IsSelf"));
        Assert.Equal("OutDir=" + Path.Combine(Folder, "obj", "apps", "app") + Path.DirectorySeparatorChar, project.GetMetadata("AdditionalProperties"));
    }

    [Fact]
    public void A_library_without_trainings_is_RUSTPGO110()
    {
        Assert.False(Task("Library").Execute());
        Assert.Equal("RUSTPGO110", Assert.Single(_engine.Errors).Code);
    }

    [Theory]
    [InlineData("Weight", "0")]
    [InlineData("Weight", "two")]
    [InlineData("Crate", "../elsewhere/Cargo.toml")]
    public void An_invalid_training_item_is_RUSTPGO111(string metadata, string value)
    {
        var item = Training("bench", ("CargoCommand", "bench"), (metadata, value));
        Assert.False(Task("Exe", item).Execute());
        Assert.Equal("RUSTPGO111", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void A_missing_training_project_is_RUSTPGO111()
    {
        Assert.False(Task("Exe", Training(Path.Combine(Folder, "nowhere", "Tests.csproj"))).Execute());
        Assert.Equal("RUSTPGO111", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Each_kind_of_workload_is_planned_with_its_metadata_and_rewritten_only_when_it_changes()
    {
        var tests = Projects.Write(Path.Combine(Folder, "tests", "App.Tests.csproj"), "<Project />");
        var trainings = new ITaskItem[]
        {
            Training(tests, ("Weight", "2"), ("Environment", "A=1")),
            Training("replay", ("CommandLine", "python3 replay.py"), ("WorkingDirectory", "tools")),
            Training("unit tests", ("CargoCommand", "test"), ("Arguments", "--quiet")),
        };
        var task = Task("Exe", trainings);
        Assert.True(task.Execute(), _engine.Text);
        var plan = TrainingPlan.Read(PlanFile);
        Assert.Equal(new[] { WorkloadKind.Project, WorkloadKind.CommandLine, WorkloadKind.Cargo }, plan.Select(w => w.Kind));
        Assert.Equal(2UL, plan[0].Weight);
        Assert.Equal("App.Tests", plan[0].Name);
        Assert.Equal(Path.Combine(Folder, "app", "tools"), plan[1].WorkingDirectory);
        Assert.Equal(Path.Combine(Folder, "native", "calc", "Cargo.toml"), plan[2].Crate);
        Assert.Equal("false", Assert.Single(task.Projects).GetMetadata("IsSelf"));

        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(PlanFile, stamp);
        Assert.True(Task("Exe", trainings).Execute(), _engine.Text);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(PlanFile));
        trainings[1].SetMetadata("CommandLine", "python3 replay.py --more");
        Assert.True(Task("Exe", trainings).Execute(), _engine.Text);
        Assert.NotEqual(stamp, File.GetLastWriteTimeUtc(PlanFile));
    }

    /// <summary>
    /// A training project whose path holds `;`: its OutDir reaches the MSBuild call as one property, never
    /// as `OutDir=/apps/x;Configuration=Injected` (MSBuild splits Properties at `;`, then unescapes each).
    /// </summary>
    [Fact]
    public void A_path_with_a_semicolon_cannot_inject_properties_into_the_training_build()
    {
        var tests = Projects.Write(Path.Combine(Folder, "x;Configuration=Injected", "x;Configuration=Injected.csproj"), "<Project />");
        var task = Task("Exe", Training(Tasks.Stages.StageItem.Escape(tests)));
        Assert.True(task.Execute(), _engine.Text);
        var project = Assert.Single(task.Projects);
        Assert.Equal(tests, project.ItemSpec);
        var properties = ((ITaskItem2)project).GetMetadataValueEscaped("AdditionalProperties").Split(';');
        var outDir = Assert.Single(properties);
        Assert.Equal("OutDir=" + Path.Combine(Folder, "obj", "apps", "x;Configuration=Injected") + Path.DirectorySeparatorChar, Uri.UnescapeDataString(outDir));
    }

    [Fact]
    public void A_timeout_that_is_not_a_number_of_seconds_is_RUSTPGO111()
    {
        Assert.False(Task("Exe", Training(Project, ("Timeout", "soon"))).Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO111", error.Code);
        Assert.Contains("Timeout 'soon'", error.Message);
    }

    [Fact]
    public void RustPgoTrainingTimeout_limits_every_workload_whose_Timeout_metadata_does_not_say_otherwise()
    {
        var task = Task("Exe", Training(Project, ("Timeout", "90")), Training("echo quick", ("CommandLine", "echo quick")));
        task.DefaultTimeout = "600";
        Assert.True(task.Execute(), _engine.Text);
        var timeouts = TrainingPlan.Read(PlanFile).Select(w => w.TimeoutSeconds);
        Assert.Equal(new[] { 90.0, 600.0 }, timeouts);
    }
}
