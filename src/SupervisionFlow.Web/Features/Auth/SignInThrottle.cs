using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// Counts failed sign-ins per client address in a fixed window. Identity's lockout is per account, so alone it lets
/// one address try passwords across every account, and lock any account it can name; this bounds both per address.
/// Like <see cref="AccountLock"/> it reads real time: it is about sign-in, not about the engine's clock.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider clock, ILogger<SignInThrottle> logger)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must still wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        var now = clock.GetUtcNow();
        if (!_windows.TryGetValue(Key(address), out var window))
        {
            return null;
        }
        lock (window)
        {
            return window.Failures >= options.Value.MaxFailuresPerAddress && window.EndsAt > now ? window.EndsAt - now : null;
        }
    }

    public void RecordFailure(IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var key = Key(address);
        if (!_windows.ContainsKey(key) && _windows.Count >= options.Value.MaxTrackedAddresses && !ForgetEnded(now))
        {
            logger.LogWarning("Sign-in throttle tracks {Count} addresses; failures from {Address} are not counted", _windows.Count, key);
            return;
        }
        var window = _windows.GetOrAdd(key, _ => new Window { EndsAt = now + options.Value.Window });
        lock (window)
        {
            if (window.EndsAt <= now)
            {
                window.Failures = 0;
                window.EndsAt = now + options.Value.Window;
            }
            window.Failures++;
        }
    }

    /// <summary>Drops windows that have ended; true when that made room.</summary>
    private bool ForgetEnded(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.EndsAt <= now)
            {
                _windows.TryRemove(key, out _);
            }
        }
        return _windows.Count < options.Value.MaxTrackedAddresses;
    }

    /// <summary>An IPv6 client holds a whole /64, so the /64 is one address here; an unknown address is one shared key.</summary>
    private static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed class Window
    {
        public int Failures { get; set; }

        public DateTimeOffset EndsAt { get; set; }
    }
}
