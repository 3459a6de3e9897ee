// Reference stand-in for nanoFramework.Hardware.Esp32 1.6.42 (surface as NanoApi.listing.txt). Never run.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        SPI1_MOSI = 65792,
        SPI1_MISO = 65793,
        SPI1_CLOCK = 65794,
        SPI2_MOSI = 66048,
        SPI2_MISO = 66049,
        SPI2_CLOCK = 66050,
        PWM1 = 262400,
        PWM2 = 262656,
        PWM3 = 262912,
        PWM4 = 263168,
        PWM5 = 263424,
        PWM6 = 263680,
        PWM7 = 263936,
        PWM8 = 264192,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
            throw new System.NotSupportedException("stand-in");
        }
    }

    public class HighResTimer : System.IDisposable
    {
        public static ulong GetCurrent()
        {
            throw new System.NotSupportedException("stand-in");
        }

        public void Dispose()
        {
        }
    }
}
