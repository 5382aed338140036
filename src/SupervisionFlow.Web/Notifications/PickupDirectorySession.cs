using System.Globalization;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Writes each message as an <c>.eml</c> file into the pickup directory. The file is written under a <c>.tmp</c> name
/// and renamed when complete (a rename within one directory is atomic), so a program collecting <c>*.eml</c> never
/// reads half a message.
/// </summary>
internal sealed class PickupDirectorySession(string directory, NotificationsOptions options, TimeProvider clock) : IMailSession
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var mail = OutboxMail.Create(message, options, clock.GetLocalNow());
        // The row id for people, a fresh suffix so a resend of the same row is a second file, not an overwrite.
        var name = string.Create(CultureInfo.InvariantCulture, $"outbox-{message.Id}-{Guid.NewGuid():N}");
        var temporary = Path.Combine(directory, name + ".tmp");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await mail.WriteToAsync(OutboxMail.Format, stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path.Combine(directory, name + ".eml"), overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
