using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>
/// Finds and fills <c>{{名称}}</c> placeholders in a .docx. Word splits text into runs wherever formatting, spelling
/// marks or an edit session changed, so a placeholder an administrator typed can arrive as <c>{{</c>, <c>文</c>,
/// <c>号}}</c> in three runs: each paragraph's text is read as one string, and a match is written back into the run
/// where it starts (keeping that run's formatting) and cut out of the runs it spilled into.
/// </summary>
public static partial class DocxPlaceholders
{
    [GeneratedRegex(@"\{\{\s*([^{}\s]{1,40})\s*\}\}")]
    private static partial Regex Pattern();

    /// <summary>Every placeholder name in the body, headers and footers, in order of first appearance.</summary>
    public static IReadOnlyList<string> Find(WordprocessingDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var names = new List<string>();
        foreach (var paragraph in Paragraphs(document))
        {
            foreach (Match match in Pattern().Matches(string.Concat(Texts(paragraph).Select(t => t.Text))))
            {
                if (!names.Contains(match.Groups[1].Value))
                {
                    names.Add(match.Groups[1].Value);
                }
            }
        }
        return names;
    }

    /// <summary>
    /// Replaces each placeholder with its value; a value with line breaks becomes breaks within the run. A paragraph
    /// holding only a placeholder named in <paramref name="blocks"/> is replaced by the block's elements (a table).
    /// </summary>
    public static void Fill(WordprocessingDocument document, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, Func<IEnumerable<OpenXmlElement>>>? blocks = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var paragraph in Paragraphs(document).ToList())
        {
            var text = string.Concat(Texts(paragraph).Select(t => t.Text)).Trim();
            var whole = Pattern().Match(text);
            if (blocks is not null && whole.Success && whole.Length == text.Length && blocks.TryGetValue(whole.Groups[1].Value, out var block))
            {
                foreach (var element in block())
                {
                    paragraph.InsertBeforeSelf(element);
                }
                paragraph.Remove();
                continue;
            }
            FillParagraph(paragraph, values);
        }
    }

    private static void FillParagraph(Paragraph paragraph, IReadOnlyDictionary<string, string> values)
    {
        // Right to left, so the offsets of earlier matches stay valid while later ones are rewritten.
        var texts = Texts(paragraph).ToList();
        var joined = string.Concat(texts.Select(t => t.Text));
        var matches = Pattern().Matches(joined).Reverse().ToList();
        foreach (var match in matches)
        {
            var value = values.TryGetValue(match.Groups[1].Value, out var v) ? v : match.Value;
            Splice(texts, match.Index, match.Length, value);
        }
        foreach (var text in texts.Where(t => t.Text.Contains('\n', StringComparison.Ordinal)))
        {
            BreakLines(text);
        }
    }

    /// <summary>Replaces <paramref name="length"/> characters from <paramref name="start"/> of the joined texts.</summary>
    private static void Splice(List<Text> texts, int start, int length, string value)
    {
        var offset = 0;
        var remaining = length;
        var written = false;
        foreach (var text in texts)
        {
            var content = text.Text;
            var end = offset + content.Length;
            if (remaining > 0 && start < end && start + length > offset)
            {
                var from = Math.Max(start - offset, 0);
                var count = Math.Min(content.Length - from, remaining);
                var replacement = written ? "" : value;
                text.Text = content[..from] + replacement + content[(from + count)..];
                text.Space = SpaceProcessingModeValues.Preserve;
                written = true;
                remaining -= count;
            }
            offset = end;
        }
    }

    private static void BreakLines(Text text)
    {
        var lines = text.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        text.Text = lines[0];
        OpenXmlElement after = text;
        foreach (var line in lines.Skip(1))
        {
            var br = new Break();
            after.InsertAfterSelf(br);
            var next = new Text(line) { Space = SpaceProcessingModeValues.Preserve };
            br.InsertAfterSelf(next);
            after = next;
        }
    }

    private static IEnumerable<Text> Texts(Paragraph paragraph) => paragraph.Descendants<Text>();

    private static IEnumerable<Paragraph> Paragraphs(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart;
        if (main?.Document?.Body is { } body)
        {
            foreach (var p in body.Descendants<Paragraph>())
            {
                yield return p;
            }
        }
        foreach (var part in (main?.HeaderParts.Select(h => (OpenXmlPartRootElement?)h.Header) ?? []).Concat(main?.FooterParts.Select(f => (OpenXmlPartRootElement?)f.Footer) ?? []))
        {
            foreach (var p in part?.Descendants<Paragraph>() ?? [])
            {
                yield return p;
            }
        }
    }

    /// <summary>The text of a document's body, paragraphs separated by new lines (for tests and previews).</summary>
    public static string BodyText(WordprocessingDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var builder = new StringBuilder();
        foreach (var paragraph in document.MainDocumentPart?.Document?.Body?.Descendants<Paragraph>() ?? [])
        {
            builder.AppendLine(string.Concat(paragraph.Descendants<Text>().Select(t => t.Text)));
        }
        return builder.ToString();
    }
}
