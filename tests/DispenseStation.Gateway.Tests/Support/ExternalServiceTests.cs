using FailException = Xunit.Sdk.FailException;

namespace DispenseStation.Gateway.Tests.Support;

public sealed class ExternalServiceTests
{
    [Fact]
    public void A_missing_server_fails_the_test_and_never_skips()
    {
        var missing = Assert.Throws<FailException>(() => ExternalService.Require("mosquitto not found"));
        Assert.Contains("mosquitto not found", missing.Message);
        Assert.Contains("scripts/setup.sh", missing.Message);
        ExternalService.Require(null); // present: nothing happens
    }
}
