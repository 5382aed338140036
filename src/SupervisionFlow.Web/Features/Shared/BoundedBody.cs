using System.Text;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>Reads a request body as text without ever holding more than the limit (plus one buffer).</summary>
public static class BoundedBody
{
    /// <summary>The body decoded with <paramref name="encoding"/>, or null when it has more than <paramref name="maxBytes"/> bytes.</summary>
    public static async Task<string?> ReadTextAsync(HttpRequest request, long maxBytes, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(encoding);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                return null;
            }
            copy.Write(buffer, 0, read);
        }
        return encoding.GetString(copy.GetBuffer(), 0, (int)copy.Length);
    }
}
