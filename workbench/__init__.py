"""Claims Assistant Workbench: an employee-benefits claims assistant and the workbench that evaluates it."""

__version__ = "0.1.0"
