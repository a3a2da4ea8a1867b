using System.Diagnostics;
using System.Runtime.InteropServices;

// `dotnet run` computes once; `train` (the PGO training run) and `bench` run the workload many times.
var rounds = args.FirstOrDefault() is "train" or "bench" ? 200_000 : 1;
var stopwatch = Stopwatch.StartNew();
uint steps = 0;
for (ulong n = 1; n <= (ulong)rounds; n++)
    steps += Native.collatz_steps(n);
Console.WriteLine($"collatz steps for 1..{rounds}: {steps}");
if (args.FirstOrDefault() == "bench")
    Console.WriteLine($"took {stopwatch.Elapsed.TotalMilliseconds:0.0} ms");

static partial class Native
{
    // The crate's library name ([lib] name, else the package name): libnative_crate_name.so, native_crate_name.dll, libnative_crate_name.dylib.
    [LibraryImport("native_crate_name")]
    internal static partial uint collatz_steps(ulong n);
}
