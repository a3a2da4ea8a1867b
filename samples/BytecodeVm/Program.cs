// BytecodeVm: a .NET console app whose hot path is a Rust bytecode VM
// (native/vm, built by RustPgo.Sdk and copied beside the app as libvm.so /
// vm.dll / libvm.dylib).
//
//   BytecodeVm train                   run the training programs (PGO training run)
//   BytecodeVm bench [--iterations N]  time the benchmark programs, print one line:
//                                      bench_ms=... iterations=... checksum=0x...
//   BytecodeVm run <file>              run a script file, print its checksum and result
//                                      (exit code 10 + the VM status if the script fails)

#nullable enable

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace BytecodeVm;

internal static unsafe partial class Native
{
    public const int Ok = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct VmOutput
    {
        public ulong Checksum;
        public ulong Emitted;
    }

    [LibraryImport("vm", EntryPoint = "vm_run")]
    public static partial int Run(byte* source, nuint length, VmOutput* output);

    [LibraryImport("vm", EntryPoint = "vm_last_error")]
    public static partial nuint LastError(byte* buffer, nuint capacity);

    [LibraryImport("vm", EntryPoint = "vm_last_result")]
    public static partial nuint LastResult(byte* buffer, nuint capacity);

    /// <summary>Runs UTF-8 source; returns the status and fills <paramref name="output"/>.</summary>
    public static int Run(byte[] source, out VmOutput output)
    {
        VmOutput result = default;
        int status;
        fixed (byte* p = source)
        {
            status = Run(p, (nuint)source.Length, &result);
        }
        output = result;
        return status;
    }

    public static string LastError() => ReadString(&LastError);

    public static string LastResult() => ReadString(&LastResult);

    // Both getters return the full length, so ask once for the size, then copy.
    private static string ReadString(delegate*<byte*, nuint, nuint> getter)
    {
        int length = checked((int)getter(null, 0));
        byte[] buffer = new byte[length];
        fixed (byte* p = buffer)
        {
            getter(p, (nuint)length);
        }
        return Encoding.UTF8.GetString(buffer);
    }
}

internal static class Program
{
    private const int DefaultIterations = 10;

    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "";
        try
        {
            switch (mode)
            {
                case "train":
                    return Train();
                case "bench":
                    return Bench(ParseIterations(args));
                case "run" when args.Length == 2:
                    return RunFile(args[1]);
                default:
                    Console.Error.WriteLine("usage: BytecodeVm train | bench [--iterations N] | run <file>");
                    return 2;
            }
        }
        catch (Exception e) when (e is VmException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static int ParseIterations(string[] args)
    {
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--iterations" && i + 1 < args.Length
                && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0)
            {
                return n;
            }
        }
        return DefaultIterations;
    }

    /// <summary>Runs every training program once and prints what Rust computed.</summary>
    private static int Train()
    {
        ulong combined = FnvOffset;
        foreach ((string name, string source) in Scripts.Train)
        {
            Native.VmOutput output = RunChecked(name, Encoding.UTF8.GetBytes(source));
            Console.WriteLine($"{name}: checksum=0x{output.Checksum:x16} emitted={output.Emitted}");
            combined = Fnv(combined, output.Checksum);
        }
        Console.WriteLine($"train_checksum=0x{combined:x16}");
        return 0;
    }

    /// <summary>
    /// One untimed warm-up pass, then <paramref name="iterations"/> timed passes
    /// over the benchmark programs. Only the calls into Rust are timed.
    /// </summary>
    private static int Bench(int iterations)
    {
        var programs = new (string Name, byte[] Source)[Scripts.Bench.Length];
        for (int i = 0; i < programs.Length; i++)
        {
            programs[i] = (Scripts.Bench[i].Name, Encoding.UTF8.GetBytes(Scripts.Bench[i].Source));
        }

        ulong expected = BenchPass(programs, null);
        var perProgram = new double[programs.Length];
        var total = new Stopwatch();
        for (int iter = 0; iter < iterations; iter++)
        {
            ulong checksum = BenchPass(programs, (total, perProgram));
            if (checksum != expected)
            {
                throw new VmException($"checksum changed between iterations: 0x{checksum:x16} != 0x{expected:x16}");
            }
        }

        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"bench_ms={total.Elapsed.TotalMilliseconds:F1} iterations={iterations}");
        for (int i = 0; i < programs.Length; i++)
        {
            line.Append(CultureInfo.InvariantCulture, $" {programs[i].Name}_ms={perProgram[i]:F1}");
        }
        line.Append(CultureInfo.InvariantCulture, $" checksum=0x{expected:x16}");
        Console.WriteLine(line.ToString());
        return 0;
    }

    private static ulong BenchPass((string Name, byte[] Source)[] programs, (Stopwatch Total, double[] PerProgram)? timing)
    {
        ulong combined = FnvOffset;
        for (int i = 0; i < programs.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            timing?.Total.Start();
            int status = Native.Run(programs[i].Source, out Native.VmOutput output);
            timing?.Total.Stop();
            if (timing is { } t)
            {
                t.PerProgram[i] += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            if (status != Native.Ok)
            {
                throw new VmException($"{programs[i].Name}: status {status}: {Native.LastError()}");
            }
            combined = Fnv(combined, output.Checksum);
        }
        return combined;
    }

    private static int RunFile(string path)
    {
        byte[] source = File.ReadAllBytes(path);
        int status = Native.Run(source, out Native.VmOutput output);
        if (status != Native.Ok)
        {
            Console.Error.WriteLine($"error (status {status}): {Native.LastError()}");
            return 10 + status;
        }
        Console.WriteLine($"checksum=0x{output.Checksum:x16} emitted={output.Emitted} result={Native.LastResult()}");
        return 0;
    }

    private static Native.VmOutput RunChecked(string name, byte[] source)
    {
        int status = Native.Run(source, out Native.VmOutput output);
        if (status != Native.Ok)
        {
            throw new VmException($"{name}: status {status}: {Native.LastError()}");
        }
        return output;
    }

    private const ulong FnvOffset = 0xcbf29ce484222325;

    private static ulong Fnv(ulong hash, ulong value)
    {
        for (int i = 0; i < 8; i++)
        {
            hash ^= (value >> (8 * i)) & 0xff;
            hash *= 0x100000001b3;
        }
        return hash;
    }
}

internal sealed class VmException(string message) : Exception(message);
