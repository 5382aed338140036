using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Domain.Handling;

/// <summary>How a 交办会 list is assigned: in chunks, each chunk one command (one transaction) of the engine.</summary>
public sealed class AssignmentMeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>
    /// Lines per chunk. Bigger chunks commit less often; smaller ones lose less work to a crash and report progress
    /// more often. 200 assigns a national session of ~10,000 in 50 commits.
    /// </summary>
    [Range(1, 5000)]
    public int ChunkSize { get; set; } = 200;
}
