using System.Text;

namespace SupervisionFlow.Web.Domain.Handling.Forms;

/// <summary>
/// Whether a file's bytes are what its extension says. An attachment is handed to other users with the type its
/// extension names, so an executable or a web page renamed .pdf must not pass. The checks are the formats' own
/// signatures ("magic bytes"): PDF <c>%PDF-</c>; OOXML, OFD and zip are zip archives (<c>PK\x03\x04</c>); the
/// binary Office and WPS formats are OLE compound files (<c>D0 CF 11 E0 A1 B1 1A E1</c>); PNG and JPEG their
/// headers; plain text is UTF-8 or GB18030 without NUL bytes.
/// </summary>
public static class AttachmentSignatures
{
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] EmptyZip = [0x50, 0x4B, 0x05, 0x06];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when <paramref name="content"/> is of the format <paramref name="extension"/> (".pdf", …) names.</summary>
    public static bool Matches(string extension, ReadOnlySpan<byte> content) => extension.ToUpperInvariant() switch
    {
        // Readers accept the header anywhere in the first 1,024 bytes (PDF 1.7, Annex H.3 note 13).
        ".PDF" => content[..Math.Min(content.Length, 1024)].IndexOf(Pdf) >= 0,
        ".DOCX" or ".XLSX" or ".OFD" => content.StartsWith(Zip),
        ".ZIP" => content.StartsWith(Zip) || content.StartsWith(EmptyZip),
        ".DOC" or ".XLS" or ".WPS" or ".ET" => content.StartsWith(Ole),
        ".PNG" => content.StartsWith(Png),
        ".JPG" or ".JPEG" => content.StartsWith(Jpeg),
        ".TXT" => IsText(content),
        _ => false,
    };

    private static bool IsText(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf((byte)0) >= 0)
        {
            return false;
        }
        return Decodes(StrictUtf8, content) || Decodes(Gb18030, content);
    }

    private static bool Decodes(Encoding encoding, ReadOnlySpan<byte> content)
    {
        try
        {
            encoding.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding Gb18030 { get; } = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
