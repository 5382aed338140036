namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// The two ways an account is locked, both through Identity's lockout: for <c>Auth:Lockout:Duration</c>
/// after too many wrong passwords, or by an administrator (用户管理 → 锁定) until unlocked. Lockouts are about
/// sign-in, so they are read against real time, like the cookie, even when the engine runs on a manual clock.
/// </summary>
public static class AccountLock
{
    /// <summary>The lockout end an administrator's lock sets: the end of time, until an administrator unlocks.</summary>
    public static readonly DateTimeOffset UntilUnlocked = DateTimeOffset.MaxValue;

    /// <summary>The longest lock wrong passwords may set (the configured duration is validated against it).</summary>
    public static readonly TimeSpan LongestPasswordLock = TimeSpan.FromDays(365);

    public static bool IsLocked(AppUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnabled && user.LockoutEnd > now;
    }

    /// <summary>
    /// Locked for longer than wrong passwords ever lock: an administrator did it. (Compared, not equal to
    /// <see cref="UntilUnlocked"/>, because PostgreSQL stores it as <c>infinity</c> and SQLite as text.)
    /// </summary>
    public static bool IsLockedByAdministrator(AppUser user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.LockoutEnabled && user.LockoutEnd > now + LongestPasswordLock;
    }
}
