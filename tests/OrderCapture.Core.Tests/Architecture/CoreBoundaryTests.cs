using System.Reflection;
using OrderCapture.Core.Storage;

namespace OrderCapture.Core.Tests.Architecture;

/// <summary>What Core must never depend on: checked on the built assembly, not by reading project files.</summary>
public sealed class CoreBoundaryTests
{
    private static readonly Assembly Core = typeof(IOrderStore).Assembly;

    [TestCase("Microsoft.AspNetCore")]
    [TestCase("Microsoft.Extensions.Http")]
    [TestCase("Quartz")]
    [TestCase("Npgsql")]
    [TestCase("Microsoft.Data.Sqlite")]
    [TestCase("Refit")]
    public void Core_does_not_reference_infrastructure(string prefix)
    {
        Assert.That(Core.GetReferencedAssemblies().Select(a => a.Name), Has.None.StartsWith(prefix));
    }

    [Test]
    public void No_interface_in_Core_declares_more_than_ten_members()
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var large = Core.GetTypes().Where(t => t.IsInterface)
            .Select(t => (t.FullName, Members: t.GetMethods(declared).Count(m => !m.IsSpecialName) + t.GetProperties(declared).Length + t.GetEvents(declared).Length))
            .Where(t => t.Members > 10)
            .Select(t => $"{t.FullName}: {t.Members}");

        Assert.That(large, Is.Empty);
    }

    [Test]
    public void The_store_is_only_the_sum_of_its_ports()
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        Assert.Multiple(() =>
        {
            Assert.That(typeof(IOrderStore).GetMembers(declared), Is.Empty, "IOrderStore declares nothing of its own");
            Assert.That(typeof(IOrderStore).GetInterfaces(), Has.Length.GreaterThanOrEqualTo(8));
        });
    }
}
