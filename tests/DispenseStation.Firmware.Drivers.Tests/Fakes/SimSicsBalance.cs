using System.Globalization;
using System.Text;
using DispenseStation.Firmware.Drivers.Devices.SicsBalance;

namespace DispenseStation.Firmware.Drivers.Tests.Fakes;

/// <summary>How the simulated balance (mis)behaves.</summary>
public enum BalanceMode { Normal, Busy, Overload, Underload, SyntaxError, TransmissionError, LogicalError, Garbage, WrongUnit, Silent, Unplugged }

/// <summary>
/// A laboratory balance on the other end of the serial cable, answering MT-SICS the way the
/// reference manual describes: "@" resets the interface (stops a running SIR) and answers
/// "I4 A "serial"", "SIR" streams "S S"/"S D" lines at its update rate, "Z" answers "Z A". In a
/// faulty mode it streams what a broken or mis-set balance sends instead. Bytes written to it
/// are kept for byte-for-byte checks; replies can be delivered in fragments.
/// </summary>
public sealed class SimSicsBalance(ManualClock clock, int updatesPerSecond = 10) : ISerialLink
{
    private readonly Queue<byte> _out = new();
    private readonly List<byte> _command = new();
    private long _nextUpdateMs;

    public List<byte> Written { get; } = new();
    public BalanceMode Mode { get; set; } = BalanceMode.Normal;
    public double Grams { get; set; }
    public bool Stable { get; set; } = true;
    public bool Streaming { get; private set; }
    /// <summary>Most bytes a single Read hands out (1 = byte by byte, like a slow UART).</summary>
    public int ReadChunk { get; set; } = 64;
    public int SirCommandsSeen { get; private set; }

    public static string WeightLine(char status, double grams) =>
        $"S {status} {grams.ToString("F4", CultureInfo.InvariantCulture),10} g\r\n";

    /// <summary>Runs the balance up to the clock's time: queues one streamed line per update period.</summary>
    public void Pump()
    {
        if (!Streaming || Mode is BalanceMode.Silent or BalanceMode.Unplugged) { _nextUpdateMs = clock.UptimeMs; return; }
        long period = 1000 / updatesPerSecond;
        while (_nextUpdateMs + period <= clock.UptimeMs)
        {
            _nextUpdateMs += period;
            Queue(StreamedLine());
        }
    }

    public void Queue(string text)
    {
        foreach (byte b in Encoding.ASCII.GetBytes(text)) _out.Enqueue(b);
    }

    public void QueueBytes(byte[] bytes)
    {
        foreach (byte b in bytes) _out.Enqueue(b);
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        if (Mode == BalanceMode.Unplugged) return -1;
        Pump();
        int n = 0;
        while (n < count && n < ReadChunk && _out.Count > 0) buffer[offset + n++] = _out.Dequeue();
        return n;
    }

    public bool Write(byte[] buffer, int offset, int count)
    {
        if (Mode == BalanceMode.Unplugged) return false;
        for (int i = 0; i < count; i++)
        {
            byte b = buffer[offset + i];
            Written.Add(b);
            _command.Add(b);
            if (b == 10) Execute();
        }
        return true;
    }

    private void Execute()
    {
        string text = Encoding.ASCII.GetString(_command.ToArray()).TrimEnd('\r', '\n');
        _command.Clear();
        if (Mode is BalanceMode.Silent) return;
        switch (text)
        {
            case "@":
                Streaming = false;
                Queue("I4 A \"B123456789\"\r\n");
                break;
            case "SIR":
                SirCommandsSeen++;
                Streaming = true;
                _nextUpdateMs = clock.UptimeMs;
                break;
            case "Z":
                Queue("Z A\r\n");
                break;
            default:
                Queue("ES\r\n");
                break;
        }
    }

    private string StreamedLine() => Mode switch
    {
        BalanceMode.Busy => "S I\r\n",
        BalanceMode.Overload => "S +\r\n",
        BalanceMode.Underload => "S -\r\n",
        BalanceMode.SyntaxError => "ES\r\n",
        BalanceMode.TransmissionError => "ET\r\n",
        BalanceMode.LogicalError => "EL\r\n",
        BalanceMode.Garbage => "S S  1x2.0 g\r\n",
        BalanceMode.WrongUnit => $"S S {Grams * 1000,10:F1} mg\r\n",
        _ => WeightLine(Stable ? 'S' : 'D', Grams),
    };
}
