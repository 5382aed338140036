namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// Section <c>Auth:Throttle</c>: failed sign-ins one client address may make per window before it is turned away
/// without its password being checked. Only failures count, so an office behind one address signs in freely.
/// </summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Auth:Throttle";

    public int MaxFailuresPerAddress { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Addresses remembered at once; bounds the memory an attacker rotating addresses can take.</summary>
    public int MaxTrackedAddresses { get; set; } = 100_000;
}
