using System.Globalization;

namespace SupervisionFlow.Web.Domain;

/// <summary>Sizes as people read them in messages and lists: "12 KB", "3.4 MB", "20 MB".</summary>
public static class ByteSizes
{
    public static string Text(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, (bytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture) + " KB";
}
