using System.Security.Cryptography;
using System.Text;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>Section <c>Engine:Api</c>. The REST API exists only when at least one key is configured.</summary>
public sealed class EngineApiOptions
{
    public const string Section = "Engine:Api";

#pragma warning disable CA1819 // bound from configuration as a JSON array; an array is what the binder fills most simply
    public string[] Keys { get; set; } = [];
#pragma warning restore CA1819

    public bool Enabled => Keys.Any(k => !string.IsNullOrWhiteSpace(k));

    /// <summary>
    /// True when <paramref name="presented"/> is one of the keys. Compares SHA-256 digests in constant time and
    /// always looks at every key, so neither timing nor length tells an attacker how close a guess came.
    /// </summary>
    public bool Accepts(string presented)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var accepted = false;
        foreach (var key in Keys)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                continue;
            }
            accepted |= CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }
        return accepted;
    }
}
