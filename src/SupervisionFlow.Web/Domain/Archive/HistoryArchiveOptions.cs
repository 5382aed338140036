using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>
/// Section <c>History:Archive</c>: moving the engine history of closed suggestions of old terms (届) out of the hot
/// tables into archive files. Off unless configured, because a run removes rows from the database.
/// </summary>
public sealed class HistoryArchiveOptions
{
    public const string Section = "History:Archive";

    /// <summary>False: no recurring job, and <c>POST /api/engine/archive/run</c> refuses.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Finished terms kept hot before the current one: 1 keeps the current and the previous term, so with term 18
    /// current, terms 16 and older are archived. The current term is <c>Suggestions:CurrentTerm</c>, else the highest
    /// term of any suggestion.
    /// </summary>
    [Range(0, 100)]
    public int RetainTerms { get; set; } = 1;

    /// <summary>Suggestions per chunk: one archive file and one transaction each.</summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 200;

    /// <summary>Where the archive files go; relative paths are resolved against the content root.</summary>
    [Required]
    public string Folder { get; set; } = "data/archive";

    /// <summary>The recurring Hangfire job's schedule (UTC); the default is 03:00 China time, nightly.</summary>
    [Required]
    public string Cron { get; set; } = "0 19 * * *";

    /// <summary>The archive folder as an absolute path.</summary>
    public string FullFolder(string contentRoot) => Path.GetFullPath(Folder, contentRoot);
}
