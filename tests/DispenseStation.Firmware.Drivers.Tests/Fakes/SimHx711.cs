using System.Device.Gpio;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>
/// Bit-level HX711 model on the simulated GPIO: DOUT low means a conversion is ready; each rising
/// PD_SCK edge shifts out the next of 24 bits (MSB first); the pulses after the 24th select the
/// gain for the next conversion; then DOUT returns high until the test posts the next conversion.
/// </summary>
public sealed class SimHx711 : SimGpioDriver
{
    private readonly int _dout;
    private readonly int _sck;
    private int _word;
    private int _edges;
    private bool _ready;

    public SimHx711(int dout, int sck)
    {
        _dout = dout;
        _sck = sck;
        SetInput(_dout, PinValue.High);
    }

    /// <summary>Pulses counted after the 24 data bits of the last read (1 = A/128, 2 = B/32, 3 = A/64).</summary>
    public int LastGainPulses { get; private set; }

    public int ReadsCompleted { get; private set; }

    /// <summary>Makes a conversion available with the given signed 24-bit value.</summary>
    public void Convert(int counts)
    {
        FinishFrame();
        _word = counts & 0xFFFFFF;
        _edges = 0;
        _ready = true;
        SetInput(_dout, PinValue.Low);
    }

    protected override void OnWrite(int pin, PinValue old, PinValue value)
    {
        if (pin != _sck || !_ready || old == value || value != PinValue.High) return;
        _edges++;
        if (_edges <= 24)
        {
            int bit = (_word >> (24 - _edges)) & 1;
            SetInput(_dout, bit == 1 ? PinValue.High : PinValue.Low);
        }
        else
        {
            // After the data bits DOUT goes high until the next conversion.
            SetInput(_dout, PinValue.High);
            LastGainPulses = _edges - 24;
        }
    }

    private void FinishFrame()
    {
        if (_ready && _edges >= 25) ReadsCompleted++;
    }

    public void EndOfTest() => FinishFrame();
}
