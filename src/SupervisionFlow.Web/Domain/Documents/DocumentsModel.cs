using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Domain.Documents;

/// <summary>The documents' tables: letters kept with replies, the 文号 counters and uploaded templates.</summary>
public static class DocumentsModel
{
    public static void Map(ModelBuilder model)
    {
        model.Entity<ReplyDocument>(e =>
        {
            e.ToTable("reply_documents");
            e.Property(d => d.UnitId).HasMaxLength(50);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.DocumentNumber).HasMaxLength(100);
            e.Property(d => d.FileName).HasMaxLength(200);
            e.Property(d => d.ContentType).HasMaxLength(100);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.CreatedBy).HasMaxLength(100);
            e.HasIndex(d => d.SuggestionId);
            e.HasIndex(d => d.ReplyId);
        });
        model.Entity<DocumentNumberCounter>(e =>
        {
            e.ToTable("document_number_counters");
            e.HasKey(c => new { c.UnitId, c.Year });
            e.Property(c => c.UnitId).HasMaxLength(50);
        });
        model.Entity<TemplateUpload>(e =>
        {
            e.ToTable("template_uploads");
            e.Property(t => t.TemplateKey).HasMaxLength(50);
            e.Property(t => t.FileName).HasMaxLength(200);
            e.Property(t => t.Sha256).HasMaxLength(64);
            e.Property(t => t.UploadedBy).HasMaxLength(100);
            e.HasIndex(t => t.TemplateKey);
        });
    }
}
