using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using RustPgo.Sdk.Tasks.Ship;
using RustPgo.Sdk.Tasks.Stages;
using RustPgo.Sdk.Tasks.State;
using RustPgo.Sdk.Tests.Infrastructure;
using Xunit;

namespace RustPgo.Sdk.Tests.Ship;

/// <summary>
/// ShipRustLibraries with hand-made build records: what it does when cargo's files are not what the build
/// planned for (RUSTPGO013), or the ship folder cannot be written (RUSTPGO012).
/// </summary>
public sealed class ShipRustLibrariesTests() : ScratchFolderTests("ship")
{
    private readonly RecordingEngine _engine = new();

    /// <summary>A crate `calc` whose cargo build made <paramref name="builtLibrary"/>; the build planned its copies for libcalc.so.</summary>
    private ShipRustLibraries Ship(string builtLibrary, string shipDirectory)
    {
        var library = Projects.Write(Path.Combine(Folder, "target", "release", builtLibrary), "\u007fELF a library");
        var record = Path.Combine(Folder, "state", "build.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        new CargoBuildRecord { Package = "calc", LibraryName = "calc", CrateTypes = new[] { "cdylib" }, DynamicLibrary = library }.WriteWhenChanged(record);
        var crate = new TaskItem(Path.Combine(Folder, "native", "calc", "Cargo.toml"));
        crate.SetMetadata(StageItem.BuildRecord, record);
        crate.SetMetadata(StageItem.LibraryFileName, "libcalc.so");
        crate.SetMetadata(StageItem.ShipDirectory, shipDirectory);
        crate.SetMetadata(StageItem.CrateKey, "calc-0123456789");
        return new ShipRustLibraries
        {
            BuildEngine = _engine,
            StageCrates = new ITaskItem[] { crate },
            ShippedLogDirectory = Path.Combine(Folder, "shipped"),
        };
    }

    [Fact]
    public void A_library_cargo_named_otherwise_than_Cargo_toml_says_is_RUSTPGO013_and_nothing_ships()
    {
        var shipDirectory = Path.Combine(Folder, "ship");
        Directory.CreateDirectory(shipDirectory);

        Assert.False(Ship("libcalc_renamed.so", shipDirectory).Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO013", error.Code);
        Assert.Contains("libcalc_renamed.so", error.Message);
        Assert.Contains("planned its copies for libcalc.so, the name Cargo.toml gives it", error.Message);
        Assert.Contains("nothing of the crate was shipped", error.Message);
        Assert.Contains("Build again; if this repeats, please report it with the crate's Cargo.toml", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(shipDirectory));
        Assert.False(Directory.Exists(Path.Combine(Folder, "shipped")));
    }

    [Fact]
    public void The_same_build_record_with_the_planned_name_ships()
    {
        var shipDirectory = Path.Combine(Folder, "ship");
        Directory.CreateDirectory(shipDirectory);
        Assert.True(Ship("libcalc.so", shipDirectory).Execute(), _engine.Text);
        Assert.True(File.Exists(Path.Combine(shipDirectory, "libcalc.so")));
    }

    /// <summary>A ship folder that cannot be made (a file holds its parent's place, as a full or read-only disk would refuse it) is RUSTPGO012 naming the path.</summary>
    [Fact]
    public void A_ship_folder_that_cannot_be_written_is_RUSTPGO012_naming_the_path()
    {
        var blocker = Projects.Write(Path.Combine(Folder, "obj-is-a-file"), "not a folder");
        var shipDirectory = Path.Combine(blocker, "ship");

        Assert.False(Ship("libcalc.so", shipDirectory).Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("RUSTPGO012", error.Code);
        Assert.StartsWith("ShipRustLibraries: ", error.Message);
        Assert.Contains(blocker, error.Message);
        Assert.DoesNotContain("RUSTPGO900", _engine.Text);
    }
}
