using DispenseStation.Gateway.Security;

namespace DispenseStation.Gateway.Tests.Configuration;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var hash = PasswordHash.Create("s3cret", 10_000);
        Assert.True(PasswordHash.Verify("s3cret", hash));
        Assert.False(PasswordHash.Verify("s3cret ", hash));
        Assert.False(PasswordHash.Verify("", hash));
        Assert.DoesNotContain("s3cret", hash);
        Assert.Null(PasswordHash.FormatError(hash));
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_salt() =>
        Assert.NotEqual(PasswordHash.Create("x", 10_000), PasswordHash.Create("x", 10_000));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("plaintext", "must have the form")]
    [InlineData("pbkdf2-sha256$100$AAAAAAAAAAA=$AAAA", "iteration count")]
    [InlineData("pbkdf2-sha256$100000$***$AAAA", "base64")]
    public void Malformed_hashes_are_named_and_never_verify(string encoded, string error)
    {
        Assert.Contains(error, PasswordHash.FormatError(encoded));
        Assert.False(PasswordHash.Verify("anything", encoded));
    }
}
