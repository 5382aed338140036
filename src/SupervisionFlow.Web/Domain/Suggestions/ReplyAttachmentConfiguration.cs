using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Suggestions;

public sealed class ReplyAttachmentConfiguration : IEntityTypeConfiguration<ReplyAttachment>
{
    public void Configure(EntityTypeBuilder<ReplyAttachment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("reply_attachments");
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.UploadedBy).HasMaxLength(100);
        // Records are never deleted; Restrict makes an attempt to delete a reply with files fail loudly.
        builder.HasOne(a => a.Reply).WithMany().HasForeignKey(a => a.ReplyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.SuggestionId);
    }
}
