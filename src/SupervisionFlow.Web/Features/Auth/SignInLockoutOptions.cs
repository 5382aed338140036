namespace SupervisionFlow.Web.Features.Auth;

/// <summary>Section <c>Auth:Lockout</c>: wrong passwords in a row that lock an account, and for how long.</summary>
public sealed class SignInLockoutOptions
{
    public const string Section = "Auth:Lockout";

    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>At most a year: longer locks are read as an administrator's (see <see cref="AccountLock"/>).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
