using DispenseStation.Gateway.Auth;

namespace DispenseStation.Gateway.Tests.Auth;

public sealed class ExposureRulesTests
{
    private static List<string> Check(params (string Key, string Value)[] settings) =>
        ExposureRules.Check(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://0.0.0.0:5443")]
    [InlineData("http://127.0.0.1:0;https://*:5443")]
    public void Loopback_or_https_is_accepted(string urls) => Assert.Empty(Check(("urls", urls)));

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://gateway.lab:5080")]
    public void Plain_http_beyond_loopback_is_refused_naming_the_setting(string urls)
    {
        var error = Assert.Single(Check(("urls", urls)));
        Assert.StartsWith($"urls: '{urls}' listens beyond loopback over plain HTTP", error);
        Assert.Contains("Kestrel:Certificates:Default:Path", error);
        Assert.Empty(Check(("urls", urls), ("Gateway:Auth:AllowHttpBeyondLoopback", "true")));
    }

    [Fact]
    public void Kestrel_endpoints_are_checked_and_anonymous_read_is_loopback_only()
    {
        var error = Assert.Single(Check(("Kestrel:Endpoints:Lan:Url", "http://10.0.0.5:80")));
        Assert.StartsWith("Kestrel:Endpoints:Lan:Url:", error);
        Assert.Empty(Check(("urls", "http://127.0.0.1:5080"), ("Gateway:Auth:AnonymousRead", "true")));
        Assert.Equal("Gateway:Auth:AnonymousRead: must be false when urls 'https://0.0.0.0:5443' listens beyond loopback",
            Assert.Single(Check(("urls", "https://0.0.0.0:5443"), ("Gateway:Auth:AnonymousRead", "true"))));
    }

    [Fact]
    public void The_gateway_refuses_to_start_beyond_loopback_over_http()
    {
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            GatewayApp.Create(["--urls", "http://0.0.0.0:5080"]));
        Assert.Contains("listens beyond loopback over plain HTTP", Assert.Single(e.Failures));
    }
}
