using System;

namespace DispenseStation.Firmware.Station.Persistence
{
    /// <summary>Reads what <see cref="ByteWriter"/> wrote. A record that is shorter than its
    /// fields claim sets <see cref="Failed"/> instead of throwing, and reads return zeros.</summary>
    public sealed class ByteReader
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private int _position;

        public ByteReader(byte[] buffer, int offset, int length)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + length;
        }

        public bool Failed { get; private set; }

        public byte ReadByte()
        {
            if (!Has(1)) return 0;
            return _buffer[_position++];
        }

        public bool ReadBool()
        {
            return ReadByte() != 0;
        }

        public int ReadInt32()
        {
            return (int)ReadUInt32();
        }

        public uint ReadUInt32()
        {
            if (!Has(4)) return 0;
            uint v = (uint)(_buffer[_position] | (_buffer[_position + 1] << 8) | (_buffer[_position + 2] << 16)
                | (_buffer[_position + 3] << 24));
            _position += 4;
            return v;
        }

        public long ReadInt64()
        {
            long low = ReadUInt32();
            long high = ReadUInt32();
            return low | (high << 32);
        }

        public double ReadDouble()
        {
            return BitConverter.Int64BitsToDouble(ReadInt64());
        }

        public string ReadString()
        {
            int count = ReadInt32();
            if (count < 0) return null;
            if (!Has(2 * count)) return null;
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                chars[i] = (char)(_buffer[_position] | (_buffer[_position + 1] << 8));
                _position += 2;
            }
            return new string(chars);
        }

        /// <summary>Copies a length-prefixed blob into <paramref name="destination"/>; -1 on failure.</summary>
        public int ReadBytes(byte[] destination)
        {
            int count = ReadInt32();
            if (count < 0 || count > destination.Length || !Has(count))
            {
                Failed = true;
                return -1;
            }
            Array.Copy(_buffer, _position, destination, 0, count);
            _position += count;
            return count;
        }

        private bool Has(int count)
        {
            if (Failed || count < 0 || _position + count > _end)
            {
                Failed = true;
                return false;
            }
            return true;
        }
    }
}
