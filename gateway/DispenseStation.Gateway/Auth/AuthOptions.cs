namespace DispenseStation.Gateway.Auth;

/// <summary>People's access to the gateway (section "Gateway:Auth").</summary>
public sealed class AuthOptions
{
    public const string Section = "Gateway:Auth";

    /// <summary>Lets callers who are not signed in read (GET) the API and dashboard. Writes always need a role. Refused beyond loopback.</summary>
    public bool AnonymousRead { get; set; }

    /// <summary>Idle lifetime of a dashboard session cookie (sliding).</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>Lifetime of an API token issued by <c>login</c>.</summary>
    public int TokenDays { get; set; } = 30;

    /// <summary>Failed or successful login attempts allowed per client address per minute (cookie and token logins alike).</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>Plain HTTP on an address beyond loopback is refused unless this is set (behind a TLS-terminating proxy on the same host).</summary>
    public bool AllowHttpBeyondLoopback { get; set; }
}
