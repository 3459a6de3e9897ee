using DispenseStation.Firmware.Drivers.Devices;

namespace DispenseStation.Firmware.Drivers.Tests;

public class SamplerThreadTests
{
    private sealed class CountingSource : ISampleSource
    {
        private int _samples;
        public int Samples => Volatile.Read(ref _samples);
        public void SampleOnce() => Interlocked.Increment(ref _samples);
    }

    /// <summary>A source whose read never returns, like the nanoFramework HX711 wait with the cell unplugged.</summary>
    private sealed class HangingSource : ISampleSource
    {
        public readonly ManualResetEventSlim Entered = new(false);
        public readonly ManualResetEventSlim Release = new(false);
        public void SampleOnce() { Entered.Set(); Release.Wait(); }
    }

    [Fact]
    public void Samples_on_its_own_thread_until_stopped()
    {
        var source = new CountingSource();
        var sampler = new SamplerThread(source, 1);
        sampler.Start();
        Assert.True(SpinWait.SpinUntil(() => source.Samples >= 3, TimeSpan.FromSeconds(5)));
        sampler.Stop();
        Assert.False(sampler.IsRunning);
    }

    [Fact]
    public void A_hanging_read_blocks_only_the_sampler_thread()
    {
        var source = new HangingSource();
        var sampler = new SamplerThread(source, 0);
        sampler.Start();
        Assert.True(source.Entered.Wait(TimeSpan.FromSeconds(5)));
        // The caller (the control loop) is free: Stop returns at once even though the read hangs.
        sampler.Stop();
        Assert.False(sampler.IsRunning);
        source.Release.Set();
    }
}
