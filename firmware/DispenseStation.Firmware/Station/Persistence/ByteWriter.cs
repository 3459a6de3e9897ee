using System;

namespace DispenseStation.Firmware.Station.Persistence
{
    /// <summary>Little-endian binary writer over a caller-owned buffer (no BinaryWriter/Encoding on
    /// nanoFramework). Throws when the buffer is too small rather than truncating.</summary>
    public sealed class ByteWriter
    {
        private byte[] _buffer;

        public ByteWriter(byte[] buffer)
        {
            _buffer = buffer;
        }

        public int Length { get; private set; }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public void Reset()
        {
            Length = 0;
        }

        public void WriteByte(byte value)
        {
            Ensure(1);
            _buffer[Length++] = value;
        }

        public void WriteBool(bool value)
        {
            WriteByte(value ? (byte)1 : (byte)0);
        }

        public void WriteInt32(int value)
        {
            WriteUInt32((uint)value);
        }

        public void WriteUInt32(uint value)
        {
            Ensure(4);
            _buffer[Length++] = (byte)value;
            _buffer[Length++] = (byte)(value >> 8);
            _buffer[Length++] = (byte)(value >> 16);
            _buffer[Length++] = (byte)(value >> 24);
        }

        public void WriteInt64(long value)
        {
            WriteUInt32((uint)value);
            WriteUInt32((uint)(value >> 32));
        }

        public void WriteDouble(double value)
        {
            WriteInt64(BitConverter.DoubleToInt64Bits(value));
        }

        /// <summary>A string as a UTF-16 code-unit count and the code units; null as -1.</summary>
        public void WriteString(string value)
        {
            if (value == null)
            {
                WriteInt32(-1);
                return;
            }
            WriteInt32(value.Length);
            Ensure(2 * value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                _buffer[Length++] = (byte)c;
                _buffer[Length++] = (byte)(c >> 8);
            }
        }

        public void WriteBytes(byte[] data, int offset, int count)
        {
            WriteInt32(count);
            Ensure(count);
            Array.Copy(data, offset, _buffer, Length, count);
            Length += count;
        }

        private void Ensure(int count)
        {
            if (Length + count > _buffer.Length)
            {
                throw new InvalidOperationException("record larger than its buffer (" + _buffer.Length + " bytes)");
            }
        }
    }
}
