namespace SupervisionFlow.E2E.Tests.TestSupport;

/// <summary>
/// A browser test: reported as skipped (not silently absent) when no Chromium executable is found. The path comes
/// from <c>SF_TEST_CHROMIUM</c> (set by tools/test.sh), else Debian's <c>/usr/bin/chromium</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Variable = "SF_TEST_CHROMIUM";

    public ChromiumFactAttribute()
    {
        if (ExecutablePath is null)
        {
            Skip = $"Chromium not found ({Variable} unset and no /usr/bin/chromium): run tools/test.sh as root, or apt-get install chromium";
        }
    }

    /// <summary>The Chromium to launch, or null when there is none.</summary>
    public static string? ExecutablePath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrEmpty(configured))
            {
                return File.Exists(configured) ? configured : null;
            }
            return File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;
        }
    }
}
