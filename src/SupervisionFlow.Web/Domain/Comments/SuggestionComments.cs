using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Suggestions;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Domain.Comments;

/// <summary>What one reader sees of a suggestion's 沟通记录 and to whom the reader may write (empty: read only).</summary>
public sealed record CommentThread(int SuggestionId, IReadOnlyList<SuggestionComment> Messages, IReadOnlyList<CommentAudience> CanPostTo, int MaxLength);

/// <summary>
/// 沟通记录: the office, the handling units and the lead deputy leave messages on a suggestion, each for an audience.
/// Who reads what follows <see cref="SuggestionScope"/>: the office everything; a unit of the suggestion what is meant for
/// units (never what is only for office and deputy: ratings stay back to back); a deputy of it what is meant for the
/// deputy. Posting is one command of the engine's runner, so the message, its audit entry and its notices in the outbox
/// commit together or not at all.
/// </summary>
public sealed class SuggestionComments(
    AppDbContext db, ProcessEngine engine, TimeProvider clock, IOptions<CommentOptions> options,
    RecipientDirectory recipients, IOptions<NotificationsOptions> notifications)
{
    public const string Posted = "comment.posted";

    /// <summary>The audiences a reader with <paramref name="perspective"/> may read.</summary>
    public static IReadOnlyList<CommentAudience> VisibleTo(SuggestionPerspective perspective) => perspective switch
    {
        SuggestionPerspective.Full => [CommentAudience.All, CommentAudience.OfficeAndUnits, CommentAudience.OfficeAndDeputy],
        SuggestionPerspective.Deputy => [CommentAudience.All, CommentAudience.OfficeAndDeputy],
        SuggestionPerspective.Unit => [CommentAudience.All, CommentAudience.OfficeAndUnits],
        _ => [CommentAudience.All],
    };

    /// <summary>The thread as <paramref name="actor"/> may see it.</summary>
    /// <exception cref="HandlingNotFoundException">No such suggestion.</exception>
    /// <exception cref="HandlingForbiddenException">The suggestion is not the actor's to see.</exception>
    public async Task<CommentThread> ThreadAsync(int suggestionId, Actor actor, CancellationToken cancellationToken = default)
    {
        var (suggestion, perspective) = await AuthorizeAsync(suggestionId, actor, cancellationToken);
        var visible = VisibleTo(perspective).ToList();
        var newest = await db.Set<SuggestionComment>().AsNoTracking()
            .Where(c => c.SuggestionId == suggestionId && visible.Contains(c.Audience))
            .OrderByDescending(c => c.Id).Take(options.Value.MaxShown).ToListAsync(cancellationToken);
        newest.Reverse();
        var author = AuthorOf(actor, suggestion, perspective);
        return new CommentThread(suggestionId, newest, author is null ? [] : Allowed(author.Value.Kind), options.Value.MaxLength);
    }

    /// <summary>Posts <paramref name="body"/> for <paramref name="audience"/> and notifies its other members.</summary>
    /// <exception cref="HandlingValidationException">Empty, too long, or an audience the writer may not address.</exception>
    public Task<SuggestionComment> PostAsync(int suggestionId, CommentAudience audience, string? body, Actor actor, CancellationToken cancellationToken = default) =>
        engine.RunAsync(db, actor.UserName, async (_, token) =>
        {
            var (suggestion, perspective) = await AuthorizeAsync(suggestionId, actor, token);
            var author = AuthorOf(actor, suggestion, perspective)
                         ?? throw new HandlingForbiddenException("您可以查看沟通记录，但不能留言。");
            var text = (body ?? "").Trim();
            var max = options.Value.MaxLength;
            if (text.Length == 0)
            {
                throw Invalid("body", "请填写留言内容", suggestionId);
            }
            if (text.Length > max)
            {
                throw Invalid("body", string.Create(CultureInfo.InvariantCulture, $"留言不能超过 {max} 个字（现有 {text.Length} 个字）"), suggestionId);
            }
            if (!Enum.IsDefined(audience) || !Allowed(author.Kind).Contains(audience))
            {
                throw Invalid("audience", "请选择可以发送的对象", suggestionId);
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var comment = new SuggestionComment
            {
                SuggestionId = suggestionId, Audience = audience, AuthorKind = author.Kind, AuthorUnitId = author.UnitId,
                AuthorUserName = actor.UserName, AuthorName = actor.DisplayName, Body = text, PostedAt = now,
            };
            db.Add(comment);
            // The audit keeps who wrote to whom, not the text: the timeline is read by parties outside the audience.
            AuditTrail.Add(db, actor.UserName, Posted, suggestionId, $"沟通记录（{CommentLabels.Of(audience)}）", now);
            await NotifyAsync(suggestion, comment, token);
            return comment;
        }, cancellationToken);

    private static IReadOnlyList<CommentAudience> Allowed(CommentAuthorKind kind) => kind switch
    {
        CommentAuthorKind.Office => [CommentAudience.All, CommentAudience.OfficeAndUnits, CommentAudience.OfficeAndDeputy],
        CommentAuthorKind.Unit => [CommentAudience.All, CommentAudience.OfficeAndUnits],
        _ => [CommentAudience.All, CommentAudience.OfficeAndDeputy],
    };

    /// <summary>Who writes as whom: the office (or an administrator), the lead deputy, a unit handling it now; else nobody.</summary>
    private static (CommentAuthorKind Kind, string? UnitId)? AuthorOf(Actor actor, Suggestion suggestion, SuggestionPerspective perspective)
    {
        if (actor.IsOffice || actor.IsAdmin)
        {
            return (CommentAuthorKind.Office, null);
        }
        if (perspective == SuggestionPerspective.Deputy && actor.InGroup(Actor.DeputyGroup(suggestion.LeadDeputyId)))
        {
            return (CommentAuthorKind.Deputy, null);
        }
        var unit = suggestion.Units.Where(u => u.IsActive).Select(u => u.UnitId).FirstOrDefault(u => actor.UnitIds.Contains(u));
        return unit is null ? null : (CommentAuthorKind.Unit, unit);
    }

    private async Task<(Suggestion Suggestion, SuggestionPerspective Perspective)> AuthorizeAsync(int suggestionId, Actor actor, CancellationToken cancellationToken)
    {
        var (suggestion, perspective) = await SuggestionScope.For(actor).LoadAsync(db, suggestionId, cancellationToken);
        if (suggestion is null)
        {
            throw new HandlingNotFoundException($"建议 {suggestionId} 不存在。");
        }
        return perspective is { } p ? (suggestion, p) : throw new HandlingForbiddenException("您无权查看这件建议的沟通记录。");
    }

    /// <summary>One notice per other member of the audience: the office, the other units of the suggestion, the lead deputy.</summary>
    private async Task NotifyAsync(Suggestion suggestion, SuggestionComment comment, CancellationToken cancellationToken)
    {
        var groups = new List<string>();
        if (comment.AuthorKind != CommentAuthorKind.Office)
        {
            groups.Add(RecipientDirectory.OfficeGroup);
        }
        if (comment.Audience is CommentAudience.All or CommentAudience.OfficeAndUnits)
        {
            groups.AddRange(suggestion.Units.Where(u => u.IsActive && u.UnitId != comment.AuthorUnitId)
                .Select(u => RecipientDirectory.UnitPrefix + u.UnitId).Distinct(StringComparer.Ordinal));
        }
        var found = (await recipients.ResolveAsync(db, groups, cancellationToken: cancellationToken)).Recipients.ToList();
        if ((comment.Audience is CommentAudience.All or CommentAudience.OfficeAndDeputy) && comment.AuthorKind != CommentAuthorKind.Deputy
            && await db.Set<Deputy>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == suggestion.LeadDeputyId, cancellationToken) is { } deputy)
        {
            found.Add(RecipientDirectory.ForDeputy(deputy));
        }
        var key = Guid.NewGuid().ToString("N");
        var label = NoticeText.SuggestionLabel(suggestion.Number, suggestion.Title);
        foreach (var recipient in found)
        {
            var link = recipient.DeputyId is null ? $"suggestions/{suggestion.Id}" : $"portal/suggestion/{suggestion.Id}";
            var message = new OutboxMessage
            {
                CreatedAt = comment.PostedAt,
                DedupKey = $"comment:{suggestion.Id}:{key}:{recipient.Group}",
                SuggestionId = suggestion.Id,
                ToName = recipient.Name,
                Subject = $"【沟通记录】{label}有新留言",
                Body = NoticeText.Body([
                    NoticeText.Salutation([recipient.Name]),
                    $"{CommentLabels.Of(comment.AuthorKind)}（{comment.AuthorName}）就{label}留言（{CommentLabels.Of(comment.Audience)}）：",
                    comment.Body,
                    $"查看并回复：{NoticeText.Link(notifications.Value.BaseUrl, link)}",
                ]),
            };
            if (string.IsNullOrWhiteSpace(recipient.Email))
            {
                message.Status = OutboxStatus.Failed;
                message.LastError = $"{recipient.Name}没有登记电子邮箱，通知无法送达 / no e-mail address for {recipient.Group}";
            }
            else
            {
                message.To = recipient.Email.Trim();
            }
            await Outbox.EnqueueAsync(db, message, cancellationToken);
        }
    }

    private static HandlingValidationException Invalid(string field, string message, int suggestionId) =>
        new(message, new Dictionary<string, string> { [field] = message }, suggestionId);
}
