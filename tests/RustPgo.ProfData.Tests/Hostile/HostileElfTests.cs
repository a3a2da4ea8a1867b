using System.Text;
using RustPgo.ProfData.Tests.Helpers;

namespace RustPgo.ProfData.Tests.Hostile;

/// <summary>
/// Crafted ELF files for <c>show --fit</c>: every offset, size and count the reader follows is checked against the file
/// length before it allocates, so each ends in a clean error naming the file (exit 1), never in a huge read.
/// </summary>
public class HostileElfTests
{
    private const string Name = "evil.5bd41e5d5d12f878-cgu.0;_ZN4evil4main17h0123456789abcdefE";

    /// <summary>
    /// A 64-bit little-endian ELF of four sections (null, section names, data, names): header, section bytes, then the
    /// section header table. <paramref name="edit"/> may change any header byte afterwards.
    /// </summary>
    private static byte[] Elf(byte[]? data = null, byte[]? names = null, Action<byte[], Func<int, int>>? edit = null)
    {
        data ??= DataRecord(Md5Hash.Of(Encoding.UTF8.GetBytes(Name)), 0x1234, 3);
        names ??= RawProfileBuilder.NameChunk(new[] { Encoding.UTF8.GetBytes(Name) }, compress: false);
        var sectionNames = Encoding.ASCII.GetBytes("\0.shstrtab\0__llvm_prf_data\0__llvm_prf_names\0");
        var body = new MemoryStream();
        body.Write(new byte[64]);
        long Place(byte[] bytes)
        {
            var start = body.Position;
            body.Write(bytes);
            while (body.Position % 8 != 0)
            {
                body.WriteByte(0);
            }
            return start;
        }
        var at = new[] { Place(sectionNames), Place(data), Place(names) };
        var tableOffset = body.Position;
        var table = new BinaryWriter(body);
        table.Write(new byte[64]); // section 0
        var nameOffsets = new uint[] { 1, 11, 27 };
        var sizes = new[] { sectionNames.Length, data.Length, names.Length };
        for (var i = 0; i < 3; i++)
        {
            table.Write(nameOffsets[i]);
            table.Write(i == 0 ? 3u : 1u); // SHT_STRTAB, SHT_PROGBITS
            table.Write(0UL); // flags
            table.Write(0UL); // address
            table.Write((ulong)at[i]);
            table.Write((ulong)sizes[i]);
            table.Write(new byte[24]); // link, info, alignment, entry size
        }
        table.Flush();
        var bytes = body.ToArray();
        Encoding.ASCII.GetBytes("\u007fELF").CopyTo(bytes, 0);
        bytes[4] = 2; // 64-bit
        bytes[5] = 1; // little-endian
        bytes[6] = 1;
        BitConverter.GetBytes((ulong)tableOffset).CopyTo(bytes, 0x28);
        BitConverter.GetBytes((ushort)64).CopyTo(bytes, 0x3a);
        BitConverter.GetBytes((ushort)4).CopyTo(bytes, 0x3c);
        BitConverter.GetBytes((ushort)1).CopyTo(bytes, 0x3e);
        // Where section i's header starts, for edits.
        edit?.Invoke(bytes, i => (int)tableOffset + 64 * i);
        return bytes;
    }

    private static byte[] DataRecord(ulong nameRef, ulong hash, uint counters)
    {
        var record = new byte[64];
        BitConverter.GetBytes(nameRef).CopyTo(record, 0);
        BitConverter.GetBytes(hash).CopyTo(record, 8);
        BitConverter.GetBytes(counters).CopyTo(record, 48);
        return record;
    }

    private static string Write(byte[] bytes)
    {
        var path = Path.Combine(Fixtures.TempDirectory(), "lib.so");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void AWellFormedElfIsRead()
    {
        var function = Assert.Single(InstrumentedFunctions.Read(Write(Elf())));

        Assert.Equal((Name, 0x1234UL, 3u), (function.Name, function.Hash, function.Counters));
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "32-bit", "only 64-bit little-endian ELF libraries are read: pass a raw profile written by a run of the instrumented library instead" },
        { "big-endian", "only 64-bit little-endian ELF libraries are read" },
        { "truncated-header", "truncated: the ELF header needs 64 bytes, the file has 40" },
        { "table-past-end", "the ELF section header table (4 x 64 bytes at offset 1099511627776) runs past the end of the file" },
        { "many-sections", "the ELF section header table (65000 x 64 bytes at offset" },
        { "names-section-past-end", "the __llvm_prf_names section (18446744073709551615 bytes at offset" },
        { "section-offset-past-end", "the __llvm_prf_data section (64 bytes at offset 1152921504606846976) runs past the end of the file" },
        { "name-table-index", "the ELF section name table index 9 is not one of the 4 sections" },
        { "nobits-data", "the __llvm_prf_data section has no bytes in the file (SHT_NOBITS)" },
        { "partial-record", "the __llvm_prf_data section's 65 bytes are not a whole number of 64-byte data records" },
        { "no-names-section", "no __llvm_prf_names section: not a library built with -Cprofile-generate (instrumented)" },
        { "names-bomb", "compression bomb" },
    };

    private static byte[] Crafted(string name) => name switch
    {
        "32-bit" => Elf(edit: (b, _) => b[4] = 1),
        "big-endian" => Elf(edit: (b, _) => b[5] = 2),
        "truncated-header" => Elf().Take(40).ToArray(),
        "table-past-end" => Elf(edit: (b, _) => BitConverter.GetBytes(1UL << 40).CopyTo(b, 0x28)),
        "many-sections" => Elf(edit: (b, _) => BitConverter.GetBytes((ushort)65000).CopyTo(b, 0x3c)),
        "names-section-past-end" => Elf(edit: (b, at) => BitConverter.GetBytes(ulong.MaxValue).CopyTo(b, at(3) + 32)),
        "section-offset-past-end" => Elf(edit: (b, at) => BitConverter.GetBytes(1UL << 60).CopyTo(b, at(2) + 24)),
        "name-table-index" => Elf(edit: (b, _) => BitConverter.GetBytes((ushort)9).CopyTo(b, 0x3e)),
        "nobits-data" => Elf(edit: (b, at) => BitConverter.GetBytes(8u).CopyTo(b, at(2) + 4)),
        "partial-record" => Elf(data: new byte[65]),
        "no-names-section" => Elf(edit: (b, at) => BitConverter.GetBytes(0u).CopyTo(b, at(3))),
        // One chunk that claims 4 GiB of names in a few bytes: refused before inflating (NameSection.MaxInflation).
        "names-bomb" => Elf(names: new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10, 0x05, 1, 2, 3, 4, 5 }),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ShowFitEndsInAnErrorNamingTheFile(string name, string problem)
    {
        var library = Write(Crafted(name));

        var (code, stdout, stderr) = Fixtures.RunTool("show", "--fit", library, Fixtures.PathOf("merged.profdata"));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("rustpgo: error: " + library + ": ", stderr);
        Assert.Contains(problem, stderr);
    }
}
