namespace DispenseStation.Gateway.Auth;

/// <summary>Which authentication scheme answers a request that carries neither a bearer token nor a session cookie.</summary>
public sealed class CredentialSchemeOptions
{
    /// <summary>The cookie scheme by default, which finds no user: the caller is anonymous. Test hosts plug a default user in here.</summary>
    public string WithoutCredentials { get; set; } = AuthSetup.CookieScheme;
}
