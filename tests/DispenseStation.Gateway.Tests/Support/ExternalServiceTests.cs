using FailException = Xunit.Sdk.FailException;
using SkipException = Xunit.SkipException;

namespace DispenseStation.Gateway.Tests.Support;

public sealed class ExternalServiceTests
{
    [Fact]
    public void A_missing_server_fails_under_CI_and_skips_elsewhere()
    {
        var onCi = Assert.Throws<FailException>(() => ExternalService.Require("mosquitto not found", isCi: true));
        Assert.Contains("CI=true", onCi.Message);
        var onDesk = Assert.Throws<SkipException>(() => ExternalService.Require("mosquitto not found", isCi: false));
        Assert.Contains("mosquitto not found", onDesk.Message);
        ExternalService.Require(null, isCi: true); // present: nothing happens
    }
}
