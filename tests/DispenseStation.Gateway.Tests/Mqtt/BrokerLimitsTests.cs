using System.Net;
using System.Net.Sockets;
using DispenseStation.Gateway.Mqtt;
using DispenseStation.Gateway.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Tests.Mqtt;

/// <summary>The embedded broker's limits against real clients on loopback (bounded counts; RSS under a flood is the bench's).</summary>
public sealed class BrokerLimitsTests
{
    private static readonly Dictionary<string, string> Stations = new() { ["st-1"] = "pw-one", ["st-2"] = "pw-two" };

    private static Task<RunningGateway> StartAsync(params (string Key, string Value)[] limits)
    {
        var settings = RunningGateway.StationSettings(Stations);
        foreach (var (k, v) in limits) settings[$"Gateway:Mqtt:Limits:{k}"] = v;
        return RunningGateway.StartAsync(settings);
    }

    /// <summary>Reads until the server closes the socket (0 bytes or a reset); fails if it stays open.</summary>
    private static async Task AssertClosedByServerAsync(Socket socket)
    {
        var buffer = new byte[64];
        using var cts = new CancellationTokenSource(MessageLog.Timeout);
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0) { }
        }
        catch (SocketException) { /* reset: closed as well */ }
    }

    [Fact]
    public async Task A_connect_announcing_256_MB_is_closed_from_its_header_and_the_broker_keeps_serving()
    {
        await using var gw = await StartAsync();
        var refusals = gw.App.Services.GetRequiredService<EmbeddedBrokerService>().Refusals;
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(s);
                await s.ConnectAsync(IPAddress.Loopback, gw.MqttPort);
                await s.SendAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F });
            }
            foreach (var s in sockets) await AssertClosedByServerAsync(s);
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        Assert.True(refusals.Total >= 6, $"refusals counted: {refusals.Total}");
        Assert.Equal("Success", await TestMqttClient.LoginResultAsync(gw.MqttPort, "st-1", "pw-one", "st-1"));
    }

    [Fact]
    public async Task A_connect_just_under_the_limit_is_read_and_one_just_over_is_not()
    {
        await using var gw = await StartAsync(("MaxConnectPacketBytes", "2048"));
        // The will payload makes the CONNECT's size; the password is right, so only the size decides.
        async Task<string> LoginWithWill(int willBytes)
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            var options = TestMqttClient.Options(gw.MqttPort, "st-1", "pw-one").WithWillTopic("dispense/v1/st-1/state").WithWillPayload(new byte[willBytes]).Build();
            try
            {
                return (await client.ConnectAsync(options)).ResultCode.ToString();
            }
            catch (Exception e)
            {
                return e.GetType().Name;
            }
        }
        Assert.Equal("Success", await LoginWithWill(1024));
        Assert.NotEqual("Success", await LoginWithWill(4096));
        Assert.Equal("Success", await LoginWithWill(1024));
    }

    [Theory]
    [InlineData(200 * 1024, true)]
    [InlineData(300 * 1024, false)]
    [InlineData(50 * 1024 * 1024, false)]
    public async Task A_publish_over_the_packet_limit_disconnects_the_station_and_is_not_delivered(int payloadBytes, bool delivered)
    {
        await using var gw = await StartAsync(); // MaxPacketBytes 256 KiB by default
        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");
        var disconnected = new TaskCompletionSource();
        st.Client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        var payload = new byte[payloadBytes];
        payload[0] = (byte)'{';
        try
        {
            await st.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("dispense/v1/st-1/event").WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }
        catch (Exception) when (!delivered) { /* the broker closed the link mid-send */ }

        if (delivered)
        {
            await MessageLog.ReadUntilAsync(gw.Seen, "dispense/v1/st-1/event");
            Assert.True(st.Client.IsConnected);
            return;
        }
        await disconnected.Task.WaitAsync(MessageLog.Timeout);
        // The broker still serves, and the oversized message never reached the gateway.
        await using var st2 = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-2", "pw-two");
        var probe = Guid.NewGuid().ToString();
        await st2.PublishAsync("dispense/v1/st-2/event", probe);
        await MessageLog.AssertNotDeliveredBeforeProbeAsync(gw.Seen, "dispense/v1/st-1/event", "dispense/v1/st-2/event", probe);
    }

    [Fact]
    public async Task After_failed_logins_a_client_id_backs_off_even_with_the_right_password_and_others_are_unaffected()
    {
        await using var gw = await StartAsync(("FailedLoginsBeforeBackoff", "2"), ("BackoffSeconds", "300"), ("MaxBackoffSeconds", "300"));
        Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), await TestMqttClient.LoginResultAsync(gw.MqttPort, "st-1", "guess-1", "st-1"));
        Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), await TestMqttClient.LoginResultAsync(gw.MqttPort, "st-1", "guess-2", "st-1"));
        // The allowance (2) is spent: the third failure closes st-1, so even the right password is refused unchecked.
        Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), await TestMqttClient.LoginResultAsync(gw.MqttPort, "st-1", "guess-3", "st-1"));
        Assert.Contains(nameof(MqttClientConnectResultCode.ConnectionRateExceeded), await TestMqttClient.LoginResultAsync(gw.MqttPort, "st-1", "pw-one", "st-1"));
        Assert.Equal("Success", await TestMqttClient.LoginResultAsync(gw.MqttPort, "st-2", "pw-two", "st-2"));
    }

    [Fact]
    public async Task A_station_over_its_telemetry_rate_is_refused_with_quota_exceeded_and_its_events_pass()
    {
        await using var gw = await StartAsync(("PublishBurst", "5"), ("PublishesPerSecond", "0.001"));
        await using var st = await TestMqttClient.ConnectAsync(gw.MqttPort, "st-1", "pw-one");
        for (var i = 0; i < 5; i++) Assert.True((await st.PublishAsync("dispense/v1/st-1/telemetry", $"{{\"n\":{i}}}")).IsSuccess);
        var refused = await st.PublishAsync("dispense/v1/st-1/telemetry", "{\"n\":5}");
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, refused.ReasonCode);
        // Events carry the batch record: never rate-limited.
        Assert.True((await st.PublishAsync("dispense/v1/st-1/event", "{\"n\":6}")).IsSuccess);
        // The gateway's own publishes are not limited.
        for (var i = 0; i < 10; i++) Assert.True(await gw.Mqtt.PublishAsync("dispense/v1/st-1/cmd/ping", "{}"u8.ToArray(), false, CancellationToken.None));
    }
}
