using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace RustPgo.ProfData;

/// <summary>One instrumented function as its binary declares it: what a raw profile lists for it whatever ran.</summary>
internal readonly struct FunctionShape : IComparable<FunctionShape>
{
    public FunctionShape(ulong nameRef, ulong hash, uint counters)
    {
        NameRef = nameRef;
        Hash = hash;
        Counters = counters;
    }

    /// <summary>MD5 of the function's name, as the data record holds it.</summary>
    public ulong NameRef { get; }

    public ulong Hash { get; }

    public uint Counters { get; }

    public int CompareTo(FunctionShape other) =>
        NameRef != other.NameRef ? NameRef.CompareTo(other.NameRef)
        : Hash != other.Hash ? Hash.CompareTo(other.Hash)
        : Counters.CompareTo(other.Counters);

    public bool SameAs(FunctionShape other) => NameRef == other.NameRef && Hash == other.Hash && Counters == other.Counters;
}

/// <summary>
/// Which instrumented binary wrote one profile of a raw file. Every run of a binary writes the same data records
/// (one per instrumented function, executed or not), so the records themselves identify the build on every platform,
/// with or without a binary id: <see cref="Identity"/> is a SHA-256 over the sorted (NameRef, hash, counter count) of
/// the profile's records. Reading it costs the header and the data records; names, counters and values are skipped.
/// </summary>
internal sealed class RawBuildFingerprint
{
    private RawBuildFingerprint(byte[] identity, FunctionShape[] functions, byte[]? binaryId)
    {
        Identity = identity;
        Functions = functions;
        BinaryId = binaryId;
    }

    public byte[] Identity { get; }

    /// <summary>The profile's functions, sorted (see <see cref="FunctionShape.CompareTo"/>).</summary>
    public FunctionShape[] Functions { get; }

    /// <summary>The profile's first binary id, when its binary wrote one.</summary>
    public byte[]? BinaryId { get; }

    /// <summary>One fingerprint per profile of the raw file (usually one); throws <see cref="ProfileFormatException"/> as the reader does.</summary>
    public static List<RawBuildFingerprint> Read(byte[] data, int length, string sourceName)
    {
        var fingerprints = new List<RawBuildFingerprint>(1);
        RawProfileReader.ForEachProfile(data, length, sourceName, (reader, start, pointerSize) =>
        {
            var layout = RawProfileSection.ReadHeader(reader, start, pointerSize, out _);
            var records = new RawDataRecords(reader, layout);
            var functions = new FunctionShape[layout.NumData];
            var position = layout.ValueDataStart;
            for (var i = 0; i < functions.Length; i++)
            {
                var entry = records.Entry(i);
                functions[i] = new FunctionShape(entry.NameRef, entry.FuncHash, entry.NumCounters);
                if (entry.HasValueSites)
                {
                    position += ValueProfileBlob.Size(reader, position); // only to find where a concatenated profile starts
                }
            }
            Array.Sort(functions);
            var ids = RawProfileSection.ReadBinaryIds(reader, layout.BinaryIdsStart, layout.BinaryIdsSize);
            fingerprints.Add(new RawBuildFingerprint(Digest(functions), functions, ids.Count > 0 ? ids[0] : null));
            return position;
        });
        return fingerprints;
    }

    private static byte[] Digest(FunctionShape[] functions)
    {
        var bytes = new byte[functions.Length * 20L];
        for (var i = 0; i < functions.Length; i++)
        {
            var at = i * 20;
            Put(bytes, at, functions[i].NameRef, 8);
            Put(bytes, at + 8, functions[i].Hash, 8);
            Put(bytes, at + 16, functions[i].Counters, 4);
        }
        using (var sha = SHA256.Create())
        {
            return sha.ComputeHash(bytes);
        }
    }

    private static void Put(byte[] bytes, int at, ulong value, int size)
    {
        for (var i = 0; i < size; i++)
        {
            bytes[at + i] = (byte)(value >> (8 * i));
        }
    }
}
