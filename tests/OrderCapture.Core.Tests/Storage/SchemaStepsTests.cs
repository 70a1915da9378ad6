using OrderCapture.Storage;

namespace OrderCapture.Core.Tests.Storage;

/// <summary>One list of schema steps for both dialects (the store contract suite runs on the tables they make).</summary>
public sealed class SchemaStepsTests
{
    [Test]
    public void Every_type_token_of_every_step_is_spelled_by_both_dialects()
    {
        foreach (var dialect in new[] { SchemaDialect.Sqlite, SchemaDialect.Postgres })
        {
            Assert.That(dialect.Steps.Where(s => s.Contains('{', StringComparison.Ordinal)), Is.Empty, $"{dialect} leaves a token unspelled");
        }
    }

    [Test]
    public void A_step_one_dialect_does_not_have_takes_none_of_its_numbers_so_existing_databases_keep_theirs()
    {
        // Files and databases made before the list was shared recorded these numbers: SQLite never had
        // PostgreSQL's second step (Quartz's tables), so its later steps are one lower.
        var locationGraph = Array.FindIndex(SchemaSteps.All, s => s.Both?.Contains("CREATE TABLE location_graph", StringComparison.Ordinal) == true);
        Assert.Multiple(() =>
        {
            Assert.That(SchemaDialect.Sqlite.LatestVersion, Is.EqualTo(SchemaSteps.All.Length - 1));
            Assert.That(SchemaDialect.Postgres.LatestVersion, Is.EqualTo(SchemaSteps.All.Length));
            Assert.That(SchemaDialect.Sqlite.Steps[locationGraph - 1], Does.Contain("CREATE TABLE location_graph"));
            Assert.That(SchemaDialect.Postgres.Steps[locationGraph], Does.Contain("CREATE TABLE location_graph"));
            Assert.That(SchemaDialect.Postgres.Steps[1], Is.Empty, "PostgreSQL's Quartz step stays, empty, so the numbers after it keep their meaning");
        });
    }
}
