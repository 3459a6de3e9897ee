using System.Device.Spi;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>
/// Register-level MAX31865 on a simulated SPI bus: configuration (0x00), RTD MSB/LSB (0x01-0x02),
/// fault status (0x07); write addresses have bit 7 set; addresses auto-increment. Setting the
/// one-shot bit converts the simulated RTD resistance against the reference resistor.
/// </summary>
public sealed class SimMax31865Spi : SpiDevice
{
    private const byte OneShot = 0x20;
    private const byte FaultClear = 0x02;
    private readonly byte[] _registers = new byte[8];
    private readonly double _referenceOhms;

    public SimMax31865Spi(double referenceOhms) => _referenceOhms = referenceOhms;

    /// <summary>Resistance the RTD presents.</summary>
    public double RtdOhms { get; set; }

    /// <summary>Fault register value that the next conversion latches (e.g. 0x84 for an open RTD).</summary>
    public byte FaultOnConversion { get; set; }

    /// <summary>When set, every transfer throws, as a bus error would.</summary>
    public bool Broken { get; set; }

    public int Conversions { get; private set; }

    public override SpiConnectionSettings ConnectionSettings { get; } = new SpiConnectionSettings(0, 0);

    public override void Read(Span<byte> buffer) => throw new NotSupportedException();

    public override byte ReadByte() => throw new NotSupportedException();

    public override void WriteByte(byte value) => throw new NotSupportedException();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check();
        int address = buffer[0] & 0x7F;
        if ((buffer[0] & 0x80) == 0) return;
        for (int i = 1; i < buffer.Length; i++) WriteRegister(address + i - 1, buffer[i]);
    }

    public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Check();
        int address = writeBuffer[0] & 0x7F;
        readBuffer[0] = 0xFF;
        for (int i = 1; i < readBuffer.Length; i++) readBuffer[i] = _registers[(address + i - 1) & 7];
    }

    private void WriteRegister(int address, byte value)
    {
        if (address != 0) return;
        if ((value & FaultClear) != 0) _registers[7] = 0;
        if ((value & OneShot) != 0) Convert();
        // Both self-clear.
        _registers[0] = (byte)(value & ~(OneShot | FaultClear));
    }

    private void Convert()
    {
        Conversions++;
        int code = (int)(RtdOhms / _referenceOhms * 32768);
        if (code > 0x7FFF) code = 0x7FFF;
        if (code < 0) code = 0;
        int faultFlag = FaultOnConversion != 0 ? 1 : 0;
        int word = (code << 1) | faultFlag;
        _registers[1] = (byte)(word >> 8);
        _registers[2] = (byte)word;
        _registers[7] = FaultOnConversion;
    }

    private void Check()
    {
        if (Broken) throw new IOException("SPI transfer failed");
    }
}
