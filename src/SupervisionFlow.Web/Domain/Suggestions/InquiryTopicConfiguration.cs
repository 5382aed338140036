using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>The inquiry topic aggregate: the topic and the suggestions put into it.</summary>
public sealed class InquiryTopicConfiguration : IEntityTypeConfiguration<InquiryTopic>
{
    public void Configure(EntityTypeBuilder<InquiryTopic> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("inquiry_topics");
        builder.Property(t => t.Title).HasMaxLength(200);
        builder.Property(t => t.UnitId).HasMaxLength(50);
        builder.Property(t => t.Category).HasMaxLength(50);
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.ProposedBy).HasMaxLength(100);
        builder.Property(t => t.ProcessInstanceId).HasMaxLength(36);
        builder.HasMany(t => t.Suggestions).WithOne().HasForeignKey(s => s.InquiryTopicId);
    }
}

public sealed class InquiryTopicSuggestionConfiguration : IEntityTypeConfiguration<InquiryTopicSuggestion>
{
    public void Configure(EntityTypeBuilder<InquiryTopicSuggestion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("inquiry_topic_suggestions");
    }
}
