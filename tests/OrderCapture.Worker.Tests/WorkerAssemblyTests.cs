namespace OrderCapture.Worker.Tests;

public sealed class WorkerAssemblyTests
{
    [Test]
    public void The_worker_executable_is_named_ordercapture()
    {
        Assert.That(typeof(OrderCapture.Worker.WorkerAssembly).Assembly.GetName().Name, Is.EqualTo("ordercapture"));
    }
}
