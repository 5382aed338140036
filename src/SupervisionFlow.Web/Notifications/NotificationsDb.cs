using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Makes the DbContext the notification jobs read and write through: the host's context, which maps the outbox
/// (<see cref="NotificationsModel"/>), the domain and the engine tables. A class of its own so tests can point the jobs
/// at a context of theirs.
/// </summary>
public sealed class NotificationsDb(Func<DbContext> create)
{
    public DbContext Create() => create();
}
