using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>Section <c>Lists</c>: rows per page of the lists people read (each page is read from the database alone).</summary>
public sealed class ListOptions
{
    public const string Section = "Lists";

    /// <summary>Tasks per page of 待办.</summary>
    [Range(1, 500)]
    public int InboxPageSize { get; set; } = 50;

    /// <summary>Accounts per page of 用户管理.</summary>
    [Range(1, 1000)]
    public int UsersPageSize { get; set; } = 200;

    /// <summary>Mails per page of the outbox in 提醒与任务.</summary>
    [Range(1, 1000)]
    public int OutboxPageSize { get; set; } = 100;
}
