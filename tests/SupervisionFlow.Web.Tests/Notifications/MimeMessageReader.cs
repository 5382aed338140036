using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>
/// Just enough of RFC 5322/2045/2047 to check what a mail client would show: unfolds headers, decodes encoded
/// words (=?utf-8?B?…?= and =?utf-8?Q?…?=) and a base64 or quoted-printable single-part body.
/// </summary>
public sealed partial class MimeMessageReader
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

    public MimeMessageReader(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var normalized = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = normalized.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? normalized : normalized[..split];
        RawBody = split < 0 ? "" : normalized[(split + 2)..];
        foreach (var line in UnfoldRegex().Replace(head, " ").Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                _headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }
    }

    public string RawBody { get; }

    public string? Header(string name) =>
        _headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => DecodeWords(h.Value)).FirstOrDefault();

    public string Subject => Header("Subject") ?? "";

    public string Body
    {
        get
        {
            var encoding = Header("Content-Transfer-Encoding")?.ToUpperInvariant();
            return encoding switch
            {
                "BASE64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(RawBody.Where(c => !char.IsWhiteSpace(c))))),
                "QUOTED-PRINTABLE" => Encoding.UTF8.GetString(QuotedPrintable(RawBody.Replace("=\n", "", StringComparison.Ordinal), underscoreIsSpace: false)),
                _ => RawBody,
            };
        }
    }

    public static string DecodeWords(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // A run of encoded words separated by whitespace is one text (RFC 2047 §6.2); decode its bytes together, as an
        // encoder may split a multi-byte character between two words.
        return EncodedRunRegex().Replace(value, run =>
        {
            var bytes = new List<byte>();
            Encoding? charset = null;
            foreach (Match word in EncodedWordRegex().Matches(run.Value))
            {
                charset ??= Encoding.GetEncoding(word.Groups["charset"].Value);
                var text = word.Groups["text"].Value;
                bytes.AddRange(word.Groups["enc"].Value.ToUpperInvariant() == "B"
                    ? Convert.FromBase64String(text)
                    : QuotedPrintable(text, underscoreIsSpace: true));
            }
            return charset!.GetString([.. bytes]);
        });
    }

    private static byte[] QuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 2 < text.Length)
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else if (c == '_' && underscoreIsSpace)
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"\n[ \t]+")]
    private static partial Regex UnfoldRegex();

    [GeneratedRegex(@"=\?[^?]+\?[BbQq]\?[^?]*\?=(?:\s+=\?[^?]+\?[BbQq]\?[^?]*\?=)*")]
    private static partial Regex EncodedRunRegex();

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<enc>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWordRegex();
}
