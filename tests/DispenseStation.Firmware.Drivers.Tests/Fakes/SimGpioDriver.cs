using System.Device.Gpio;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>
/// A simulated GPIO chip behind a real GpioController: outputs record their level and write
/// count, inputs read what the test (or an attached device model) sets.
/// </summary>
public class SimGpioDriver : GpioDriver
{
    private readonly PinValue[] _levels = new PinValue[64];
    private readonly PinMode[] _modes = new PinMode[64];
    private readonly int[] _writes = new int[64];

    protected override int PinCount => 64;

    public PinValue Level(int pin) => _levels[pin];

    public int Writes(int pin) => _writes[pin];

    /// <summary>Sets what an input pin reads.</summary>
    public void SetInput(int pin, PinValue value) => _levels[pin] = value;

    protected override void OpenPin(int pinNumber) { }

    protected override void ClosePin(int pinNumber) { }

    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => OnRead(pinNumber, _levels[pinNumber]);

    protected override void Write(int pinNumber, PinValue value)
    {
        _writes[pinNumber]++;
        PinValue old = _levels[pinNumber];
        _levels[pinNumber] = value;
        OnWrite(pinNumber, old, value);
    }

    /// <summary>Hook for device models (an HX711 shifting bits on clock edges).</summary>
    protected virtual void OnWrite(int pin, PinValue old, PinValue value) { }

    protected virtual PinValue OnRead(int pin, PinValue level) => level;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
        => throw new NotSupportedException("no events in the simulation");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
        => throw new NotSupportedException("no events in the simulation");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) { }
}
