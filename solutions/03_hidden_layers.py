# One hidden layer of 3 units: three straight lines, enough to enclose the disc in a triangle.
hidden_layers = [3]
