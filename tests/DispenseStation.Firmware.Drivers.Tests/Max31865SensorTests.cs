using DispenseStation.Firmware.Drivers.Devices;
using DispenseStation.Firmware.Drivers.Logic;
using DispenseStation.Firmware.Drivers.Tests.Fakes;
using DispenseStation.Firmware.Ports;
using Iot.Device.Max31865;
using UnitsNet;

namespace DispenseStation.Firmware.Drivers.Tests;

public class Max31865SensorTests
{
    private const double Rref = 430;

    // PT100 resistances from IEC 60751 (Callendar-Van Dusen).
    [Theory]
    [InlineData(100.000, 0.0)]
    [InlineData(138.506, 100.0)]
    [InlineData(142.293, 110.0)]
    [InlineData(175.856, 200.0)]
    public void Reads_the_plate_temperature_through_the_binding(double ohms, double celsius)
    {
        var (sensor, spi, clock) = Make();
        spi.RtdOhms = ohms;
        sensor.SampleOnce();
        Assert.True(sensor.TryRead(out double read, out int faults));
        Assert.Equal(SensorFaults.None, faults);
        // One ADC count is 430/32768 ohm, about 0.034 degC for a PT100.
        Assert.InRange(read, celsius - 0.05, celsius + 0.05);
        Assert.Equal(1, spi.Conversions);
    }

    [Fact]
    public void Converter_fault_bits_become_sensor_faults()
    {
        var (sensor, spi, _) = Make();
        spi.RtdOhms = 138.5;
        spi.FaultOnConversion = 0x84; // RTD high threshold + over/under voltage: an open RTD
        sensor.SampleOnce();
        Assert.False(sensor.TryRead(out _, out int faults));
        Assert.Equal(SensorFaults.HighThreshold | SensorFaults.OverUnderVoltage, faults);
    }

    [Fact]
    public void Each_fault_flag_maps_to_its_register_bit()
    {
        Assert.Equal(0x80, RtdFaults.FromFlags(true, false, false, false, false, false));
        Assert.Equal(0x40, RtdFaults.FromFlags(false, true, false, false, false, false));
        Assert.Equal(0x20, RtdFaults.FromFlags(false, false, true, false, false, false));
        Assert.Equal(0x10, RtdFaults.FromFlags(false, false, false, true, false, false));
        Assert.Equal(0x08, RtdFaults.FromFlags(false, false, false, false, true, false));
        Assert.Equal(0x04, RtdFaults.FromFlags(false, false, false, false, false, true));
    }

    [Fact]
    public void A_bus_error_is_no_response()
    {
        var (sensor, spi, _) = Make();
        spi.Broken = true;
        sensor.SampleOnce();
        Assert.False(sensor.TryRead(out _, out int faults));
        Assert.Equal(SensorFaults.NoResponse, faults);
    }

    [Fact]
    public void A_shorted_input_reading_far_below_range_is_a_fault()
    {
        var (sensor, spi, _) = Make();
        spi.RtdOhms = 2; // about -240 degC: MISO stuck low or a shorted RTD
        sensor.SampleOnce();
        Assert.False(sensor.TryRead(out _, out int faults));
        Assert.Equal(SensorFaults.LowThreshold, faults);
    }

    [Fact]
    public void No_sample_or_a_stale_one_is_no_response()
    {
        var (sensor, spi, clock) = Make();
        Assert.False(sensor.TryRead(out _, out int faults));
        Assert.Equal(SensorFaults.NoResponse, faults);
        spi.RtdOhms = 110;
        sensor.SampleOnce();
        clock.Advance(1000);
        Assert.True(sensor.TryRead(out _, out _));
        clock.Advance(1);
        Assert.False(sensor.TryRead(out _, out faults));
        Assert.Equal(SensorFaults.NoResponse, faults);
    }

    [Fact]
    public void TryRead_allocates_nothing()
    {
        var (sensor, spi, clock) = Make();
        spi.RtdOhms = 120;
        sensor.SampleOnce();
        sensor.TryRead(out _, out _);
        long bytes = Allocation.Of(() =>
        {
            for (int i = 0; i < 10_000; i++) sensor.TryRead(out _, out _);
        });
        Assert.Equal(0, bytes);
    }

    private static (Max31865Sensor sensor, SimMax31865Spi spi, ManualClock clock) Make()
    {
        var spi = new SimMax31865Spi(Rref);
        var clock = new ManualClock { UptimeMs = 5000 };
        var device = new Max31865(spi, PlatinumResistanceThermometerType.Pt100, ResistanceTemperatureDetectorWires.ThreeWire,
            ElectricResistance.FromOhms(Rref), ConversionFilterMode.Filter50Hz);
        return (new Max31865Sensor(device, clock, 1000, -50, 400), spi, clock);
    }
}
