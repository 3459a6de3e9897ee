using System.Net;
using DispenseStation.Gateway.Configuration;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;

namespace DispenseStation.Gateway.Mqtt.Hardening;

/// <summary>
/// In front of <see cref="BrokerAuthenticator"/> for every CONNECT: refuses at once a client id or
/// remote address in back-off after failed logins (<see cref="LoginBackoff"/>), and lets only
/// <see cref="BrokerLimitsOptions.ConcurrentPasswordChecks"/> PBKDF2 checks run at a time.
/// </summary>
public sealed class LoginGate
{
    private readonly BrokerAuthenticator _authenticator;
    private readonly BrokerRefusalLog _refusals;
    private readonly LoginBackoff _perClient;
    private readonly LoginBackoff _perAddress;
    private readonly SemaphoreSlim _checks;

    public LoginGate(IOptions<GatewayOptions> options, BrokerAuthenticator authenticator, BrokerRefusalLog refusals, TimeProvider clock)
    {
        var l = options.Value.Mqtt.Limits;
        _authenticator = authenticator;
        _refusals = refusals;
        var first = TimeSpan.FromSeconds(l.BackoffSeconds);
        var max = TimeSpan.FromSeconds(l.MaxBackoffSeconds);
        _perClient = new LoginBackoff(clock, l.FailedLoginsBeforeBackoff, first, max);
        _perAddress = new LoginBackoff(clock, l.FailedLoginsPerAddressBeforeBackoff, first, max);
        _checks = new SemaphoreSlim(Math.Max(1, l.ConcurrentPasswordChecks));
    }

    public async Task<(MqttIdentity? Identity, MqttConnectReasonCode Refusal)> CheckAsync(string? user, string? password, string? clientId, EndPoint? remote)
    {
        var address = (remote as IPEndPoint)?.Address.ToString() ?? "?";
        var clientKey = clientId ?? "";
        if ((_perClient.ClosedUntil(clientKey) ?? _perAddress.ClosedUntil(address)) is { } until)
        {
            _refusals.Refused($"{clientKey}@{address}", "login back-off", $"closed until {until:O} after failed logins");
            return (null, MqttConnectReasonCode.ConnectionRateExceeded);
        }
        MqttIdentity? identity;
        await _checks.WaitAsync().ConfigureAwait(false);
        try
        {
            identity = _authenticator.Authenticate(user, password, clientId);
        }
        finally
        {
            _checks.Release();
        }
        if (identity is null)
        {
            _perClient.Failed(clientKey);
            _perAddress.Failed(address);
            _refusals.Refused($"{clientKey}@{address}", "bad user name or password", $"user '{user}'");
            return (null, MqttConnectReasonCode.BadUserNameOrPassword);
        }
        _perClient.Succeeded(clientKey);
        return (identity, MqttConnectReasonCode.Success);
    }
}
