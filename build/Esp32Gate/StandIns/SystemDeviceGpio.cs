// Reference stand-in for nanoFramework.System.Device.Gpio 1.1.62 (github nanoframework/System.Device.Gpio
// tag v1.1.62: GpioController.cs, GpioPin.cs, PinMode.cs, PinValue.cs). Only what the station calls;
// members as in the source (nanoFramework's PinMode order differs from .NET IoT's). Never run.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        public static PinValue High
        {
            get { return new PinValue(1); }
        }

        public static PinValue Low
        {
            get { return new PinValue(0); }
        }

        public bool Equals(PinValue other)
        {
            return other._value == _value;
        }

        public override bool Equals(object obj)
        {
            return obj is PinValue && Equals((PinValue)obj);
        }

        public override int GetHashCode()
        {
            return _value;
        }

        public static bool operator ==(PinValue a, PinValue b)
        {
            return a.Equals(b);
        }

        public static bool operator !=(PinValue a, PinValue b)
        {
            return !a.Equals(b);
        }
    }

    public sealed class GpioPin : IDisposable
    {
        private GpioPin()
        {
        }

        public int PinNumber
        {
            get { throw new NotSupportedException("stand-in"); }
        }

        public PinValue Read()
        {
            throw new NotSupportedException("stand-in");
        }

        public void Write(PinValue value)
        {
            throw new NotSupportedException("stand-in");
        }

        public void Toggle()
        {
            throw new NotSupportedException("stand-in");
        }

        public void Dispose()
        {
        }
    }

    public sealed class GpioController : IDisposable
    {
        public GpioController()
        {
        }

        public GpioPin OpenPin(int pinNumber)
        {
            throw new NotSupportedException("stand-in");
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw new NotSupportedException("stand-in");
        }

        public void Dispose()
        {
        }
    }
}
