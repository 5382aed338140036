using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>
/// A chunk's archive file: one gzip member per suggestion, each holding one JSON document and a newline, written one
/// after another. The members together are a valid gzip stream (<c>zcat file</c> prints JSON lines, one per
/// suggestion), and one suggestion is read back by seeking to its member (offset and length in its index row)
/// without reading the rest.
/// </summary>
public static class ArchiveFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where one member landed.</summary>
    public sealed record Member(int SuggestionId, long Offset, int Length, string Sha256);

    /// <summary>
    /// Writes the documents to a new file at <paramref name="path"/> and forces it to disk before returning: the
    /// caller deletes the hot rows only after this. The file is created new (never overwritten), so a crash before
    /// the delete commits leaves an orphan file no index row names, which readers never open.
    /// </summary>
    public static async Task<IReadOnlyList<Member>> WriteAsync(string path, IReadOnlyList<ArchivedHistory> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var members = new List<Member>(documents.Count);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        foreach (var document in documents)
        {
            var bytes = Compress(document);
            members.Add(new Member(document.SuggestionId, file.Position, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
            await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        // fsync: the data must be on disk before the transaction that deletes the hot rows commits.
        file.Flush(flushToDisk: true);
        return members;
    }

    /// <summary>Reads one suggestion's document back; a member whose checksum does not match is refused.</summary>
    public static async Task<ArchivedHistory> ReadAsync(string path, long offset, int length, string sha256, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            file.Seek(offset, SeekOrigin.Begin);
            await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Archive member at {offset} of {Path.GetFileName(path)} does not match its checksum.");
        }
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return await JsonSerializer.DeserializeAsync<ArchivedHistory>(input, Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Archive member at {offset} of {Path.GetFileName(path)} is empty.");
    }

    private static byte[] Compress(ArchivedHistory document)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, document, Json);
            gzip.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }
}
