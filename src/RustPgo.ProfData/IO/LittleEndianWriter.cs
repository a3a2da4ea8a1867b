using System;

namespace RustPgo.ProfData;

/// <summary>A growable little-endian byte buffer with back-patching, enough for an indexed profile.</summary>
internal sealed class LittleEndianWriter
{
    private byte[] _buffer;

    public LittleEndianWriter(int capacity = 4096)
    {
        _buffer = new byte[Math.Max(capacity, 64)];
    }

    public long Position { get; private set; }

    public void U8(byte value)
    {
        Reserve(1);
        _buffer[Position++] = value;
    }

    public void U16(ushort value)
    {
        Reserve(2);
        _buffer[Position++] = (byte)value;
        _buffer[Position++] = (byte)(value >> 8);
    }

    public void U32(uint value)
    {
        Reserve(4);
        for (var i = 0; i < 4; i++)
        {
            _buffer[Position++] = (byte)(value >> (8 * i));
        }
    }

    public void U64(ulong value)
    {
        Reserve(8);
        for (var i = 0; i < 8; i++)
        {
            _buffer[Position++] = (byte)(value >> (8 * i));
        }
    }

    public void Bytes(byte[] bytes)
    {
        Reserve(bytes.Length);
        Buffer.BlockCopy(bytes, 0, _buffer, (int)Position, bytes.Length);
        Position += bytes.Length;
    }

    public void Zeros(long count)
    {
        Reserve(count);
        Array.Clear(_buffer, (int)Position, (int)count);
        Position += count;
    }

    public void PatchU64(long position, ulong value)
    {
        for (var i = 0; i < 8; i++)
        {
            _buffer[position + i] = (byte)(value >> (8 * i));
        }
    }

    public byte[] ToArray()
    {
        var result = new byte[Position];
        Buffer.BlockCopy(_buffer, 0, result, 0, result.Length);
        return result;
    }

    private void Reserve(long extra)
    {
        var needed = Position + extra;
        if (needed <= _buffer.Length)
        {
            return;
        }
        long size = _buffer.Length;
        while (size < needed)
        {
            size *= 2;
        }
        if (size > int.MaxValue - 64)
        {
            size = Math.Max(needed, int.MaxValue - 64);
        }
        Array.Resize(ref _buffer, (int)size);
    }
}
