namespace RustPgo.ProfData.Tests.Helpers;

/// <summary>
/// Re-encodes a real 64-bit little-endian raw profile as a 32-bit and/or big-endian producer would have
/// written it: pointer fields narrowed, counter pointers recomputed for 48-byte data records, every
/// multi-byte field byte-swapped, value-profile addresses narrowed like the function pointers.
/// </summary>
internal static class SyntheticRawProfile
{
    private const int Header = 128;

    public static byte[] Convert(byte[] source, bool to32Bit, bool bigEndian)
    {
        ulong U64(long at) => BitConverter.ToUInt64(source, (int)at);
        uint U32(long at) => BitConverter.ToUInt32(source, (int)at);
        ushort U16(long at) => BitConverter.ToUInt16(source, (int)at);

        Assert.Equal(0xff6c70726f667281UL, U64(0));
        long binaryIds = (long)U64(16), numData = (long)U64(24), numCounters = (long)U64(40);
        var namesSize = (long)U64(72);
        Assert.Equal(0UL, U64(56)); // no bitmap bytes in rustc profiles
        Assert.Equal(0UL, U64(104)); // no vtables
        var countersDelta = U64(80);

        var recordSize = to32Bit ? 48 : 64;
        var dataStart = Header + binaryIds;
        var countersStart = dataStart + numData * 64 + (long)U64(32);
        var namesStart = countersStart + numCounters * 8 + (long)U64(48) + (long)U64(64);
        var valueStart = namesStart + namesSize + Pad(namesSize);

        var output = new Writer(bigEndian);
        var newCountersDelta = (ulong)(numData * recordSize); // counters follow the data directly
        var header = Enumerable.Range(0, 16).Select(i => U64(8 * i)).ToArray();
        header[0] = to32Bit ? 0xff6c70726f665281UL : header[0];
        header[4] = 0; // no padding before counters
        header[10] = newCountersDelta;
        header[11] = 0;
        header[12] = 0;
        foreach (var field in header)
        {
            output.U64(field);
        }
        for (long at = Header; at < dataStart;)
        {
            var length = U64(at);
            output.U64(length);
            output.Bytes(source, at + 8, (int)(length + (ulong)Pad((long)length)));
            at += 8 + (long)length + Pad((long)length);
        }

        var addressMap = new Dictionary<ulong, ulong>();
        for (long i = 0; i < numData; i++)
        {
            var at = dataStart + i * 64;
            var counterOffset = (long)(U64(at + 16) - (countersDelta - (ulong)(i * 64)));
            var newPointer = newCountersDelta - (ulong)(i * recordSize) + (ulong)counterOffset;
            var function = U64(at + 32);
            output.U64(U64(at));
            output.U64(U64(at + 8));
            if (to32Bit)
            {
                output.U32((uint)newPointer);
                output.U32(0);
                output.U32(Narrow(function, addressMap));
                output.U32(0);
            }
            else
            {
                output.U64(newPointer);
                output.U64(0);
                output.U64(function);
                output.U64(0);
            }
            output.U32(U32(at + 48));
            output.U16(U16(at + 52));
            output.U16(U16(at + 54));
            output.U16(U16(at + 56));
            output.U16(0);
            output.U32(U32(at + 60));
        }
        for (long i = 0; i < numCounters; i++)
        {
            output.U64(U64(countersStart + 8 * i));
        }
        output.Bytes(source, namesStart, (int)(namesSize + Pad(namesSize)));

        var position = valueStart;
        for (long i = 0; i < numData; i++)
        {
            var at = dataStart + i * 64;
            if ((U16(at + 52) | U16(at + 54) | U16(at + 56)) == 0)
            {
                continue;
            }
            var total = U32(position);
            var kinds = U32(position + 4);
            output.U32(total);
            output.U32(kinds);
            var cursor = position + 8;
            for (uint k = 0; k < kinds; k++)
            {
                var kind = U32(cursor);
                var sites = U32(cursor + 4);
                output.U32(kind);
                output.U32(sites);
                var values = 0;
                for (var s = 0; s < sites; s++)
                {
                    values += source[cursor + 8 + s];
                }
                var headerSize = 8 + sites + Pad(8 + sites);
                output.Bytes(source, cursor + 8, (int)(headerSize - 8));
                cursor += headerSize;
                for (var v = 0; v < values; v++)
                {
                    var value = U64(cursor);
                    output.U64(to32Bit && kind == 0 ? Narrow(value, addressMap) : value);
                    output.U64(U64(cursor + 8));
                    cursor += 16;
                }
            }
            position += total;
        }
        return output.ToArray();
    }

    private static long Pad(long size) => (8 - size % 8) % 8;

    // Truncates an address; the map proves no two addresses collide after narrowing.
    private static uint Narrow(ulong address, Dictionary<ulong, ulong> seen)
    {
        var narrow = (uint)address;
        if (seen.TryGetValue(narrow, out var original))
        {
            Assert.Equal(original, address);
        }
        seen[narrow] = address;
        return narrow;
    }

    private sealed class Writer(bool bigEndian)
    {
        private readonly MemoryStream _stream = new();

        public void U64(ulong value) => Put(BitConverter.GetBytes(value));

        public void U32(uint value) => Put(BitConverter.GetBytes(value));

        public void U16(ushort value) => Put(BitConverter.GetBytes(value));

        public void Bytes(byte[] source, long offset, int count) => _stream.Write(source, (int)offset, count);

        public byte[] ToArray() => _stream.ToArray();

        private void Put(byte[] littleEndian)
        {
            if (bigEndian)
            {
                Array.Reverse(littleEndian);
            }
            _stream.Write(littleEndian);
        }
    }
}
