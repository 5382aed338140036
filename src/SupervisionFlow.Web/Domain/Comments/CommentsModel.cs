using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Domain.Comments;

/// <summary>Maps <c>suggestion_comments</c> (migration <c>SuggestionComments</c>).</summary>
public static class CommentsModel
{
    public static void Map(ModelBuilder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Entity<SuggestionComment>(e =>
        {
            e.ToTable("suggestion_comments");
            e.Property(c => c.Audience).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.AuthorKind).HasConversion<string>().HasMaxLength(10);
            e.Property(c => c.AuthorUnitId).HasMaxLength(50);
            e.Property(c => c.AuthorUserName).HasMaxLength(100);
            e.Property(c => c.AuthorName).HasMaxLength(100);
            e.HasIndex(c => c.SuggestionId);
        });
    }
}
